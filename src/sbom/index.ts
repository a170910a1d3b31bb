export { SbomError } from './errors.ts';
export type { SbomErrorCode, CatalogWarning } from './errors.ts';
export { buildPurl, comparePackages } from './package.ts';
export type { Package, PackageType, PackageLocation, PurlInput, PurlDistro } from './package.ts';
export { detectOs, parseOsRelease, OS_RELEASE_PATHS } from './os-release.ts';
export type { OsInfo } from './os-release.ts';
export { mergeLayers, MERGE_LIMITS, WHITEOUT_PREFIX, OPAQUE_WHITEOUT } from './layers/merge.ts';
export type { MergeOptions, MergeResult } from './layers/merge.ts';
export type { Layer, LayerEntry, LayerEntryType, FileProbe } from './layers/types.ts';
export type { FileTree, FileRecord, FileKind } from './layers/file-tree.ts';
export { directoryLayer } from './layers/dir-layer.ts';
export { memoryLayer } from './layers/test-layers.ts';
export type { EntrySpec } from './layers/test-layers.ts';
export { CATALOGERS } from './catalogers/index.ts';
export type { Cataloger, CatalogContext, CatalogResult } from './catalogers/types.ts';
export { catalogLayers, catalogTree } from './catalog.ts';
export type { Catalog, CatalogOptions } from './catalog.ts';
export { toCycloneDx, toSpdx, creationTime, CYCLONEDX_SPEC_VERSION } from './formats/index.ts';
export type { SbomDocumentInput, SbomSubject, FormatOptions } from './formats/index.ts';
export {
  renderImageSbom,
  imageSbom,
  formatWarning,
  SBOM_FORMATS,
  SIGIL_SBOM_SCHEMA,
} from './formats/index.ts';
export type { SbomFormat, ImageSbomInput } from './formats/index.ts';
export { catalogImage, imageLayer } from './image.ts';
export type { CatalogImageOptions, ImageCatalog } from './image.ts';
