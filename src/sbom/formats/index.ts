export { toCycloneDx, CYCLONEDX_SPEC_VERSION } from './cyclonedx.ts';
export { toSpdx } from './spdx.ts';
export { creationTime } from './common.ts';
export type { SbomDocumentInput, SbomSubject, FormatOptions } from './common.ts';
