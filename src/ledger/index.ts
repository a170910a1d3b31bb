export { LedgerError } from './errors.ts';
export type { LedgerErrorCode } from './errors.ts';
export { Ledger } from './ledger.ts';
export { openLedger } from './open.ts';
export type { LedgerOptions } from './open.ts';
export { findMovedTags } from './check.ts';
export type { TagCheck } from './check.ts';
export { defaultLedgerPath } from './path.ts';
export type { Promotion, RecordInput, TrackedTag, MovedTag } from './types.ts';
