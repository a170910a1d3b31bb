export { VulnDbError } from './errors.ts';
export type { VulnDbErrorCode } from './errors.ts';
export {
  COMPARATORS,
  comparatorFor,
  compareVersions,
  isValidVersion,
  isValidApkVersion,
  MAX_VERSION_LENGTH,
} from './version/index.ts';
export type { Ordering, VersionComparator } from './version/index.ts';
export {
  compileAffected,
  evaluateAffected,
  evaluateRecord,
  normalizeName,
  OSV_LIMITS,
} from './osv/index.ts';
export type * from './osv/index.ts';
export { scoreCvss, severityOf, severityOfV2, findingSeverity } from './cvss/index.ts';
export type * from './cvss/index.ts';
export * from './db/index.ts';
export * from './match/index.ts';
