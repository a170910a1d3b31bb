export { toCycloneDx, CYCLONEDX_SPEC_VERSION } from './cyclonedx.ts';
export { toSpdx } from './spdx.ts';
export { creationTime } from './common.ts';
export type { SbomDocumentInput, SbomSubject, FormatOptions } from './common.ts';
export {
  renderImageSbom,
  imageSbom,
  formatWarning,
  SBOM_FORMATS,
  SIGIL_SBOM_SCHEMA,
} from './document.ts';
export type { SbomFormat, ImageSbomInput } from './document.ts';
