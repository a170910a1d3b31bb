export { matchPackages } from './matcher.ts';
export type { MatchOptions } from './matcher.ts';
export { distroEcosystems, planQuery, stripBinNmu } from './query.ts';
export type { Query } from './query.ts';
export type * from './types.ts';
