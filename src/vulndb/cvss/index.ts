export { scoreCvss } from './score.ts';
export type { CvssScore, CvssVersion } from './score.ts';
export { severityOf, severityOfV2 } from './severity.ts';
export type { CvssSeverity } from './severity.ts';
export { findingSeverity } from './finding-severity.ts';
export type { FindingSeverity, SeveritySource } from './finding-severity.ts';
export type { CvssV4Nomenclature } from './v4.ts';
