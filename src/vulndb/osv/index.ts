export { compileAffected, evaluateAffected } from './affected.ts';
export type { AffectedMatcher } from './affected.ts';
export { evaluateRecord, normalizeName } from './record.ts';
export type { InstalledPackage, RecordVerdict } from './record.ts';
export { OSV_LIMITS } from './limits.ts';
export type * from './types.ts';
