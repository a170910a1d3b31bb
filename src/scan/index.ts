export { ScanError } from './errors.ts';
export type { ScanErrorCode } from './errors.ts';
export { SEVERITIES, parseSeverity, parseSeverityList, severityRank } from './severity.ts';
export type { Severity } from './severity.ts';
export type * from './types.ts';
export { scanImage, scanPackages } from './scan.ts';
export { withBlobProgress, LAYER_PROGRESS_TASK } from './progress.ts';
export type { ScanOptions } from './scan.ts';
export { applyFilters, purlMatches } from './filters.ts';
export type { FilterOptions } from './filters.ts';
export { toMatchPackage, distroOf } from './packages.ts';
export { parseIgnoreFile } from './ignore-file.ts';
export type { IgnoreEntry } from './ignore-file.ts';
export { parseOpenVex } from './vex.ts';
export type { VexStatement } from './vex.ts';
export { readSbom } from './sbom-input.ts';
export type { SbomInventory } from './sbom-input.ts';
export { gateFails } from './gate.ts';
export {
  REPORT_FORMATS,
  reportFormat,
  SCAN_JSON_SCHEMA,
  countBySeverity,
} from './formats/index.ts';
export type { ReportFormat, RenderOptions } from './formats/index.ts';
