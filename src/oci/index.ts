export { OciError } from './errors.ts';
export type { OciErrorCode } from './errors.ts';
export { parseDigest, isDigest, digestOf, verifyBytes, verifyingStream } from './digest.ts';
export {
  MEDIA_TYPES,
  MANIFEST_MEDIA_TYPES,
  INDEX_MEDIA_TYPES,
  ANNOTATION_REF_NAME,
} from './media-types.ts';
export type * from './types.ts';
export type { ImageSource, ImageDestination, TagLister } from './transport.ts';
export {
  parseManifest,
  parseManifestBlob,
  manifestMediaType,
  parseImageConfig,
} from './manifest.ts';
export type { ParsedManifest } from './manifest.ts';
export {
  DEFAULT_PLATFORM,
  parsePlatform,
  formatPlatform,
  normalizePlatform,
  selectPlatform,
  indexPlatforms,
} from './platform.ts';
export { readTar, TarWriter, TAR_LIMITS } from './tar/index.ts';
export type {
  TarEntry,
  TarHeader,
  TarEntryType,
  TarReadLimits,
  TarWriteHeader,
} from './tar/index.ts';
export { openOciLayout, createOciLayoutDestination, listOciLayoutTags } from './layout/index.ts';
export type { OciLayoutRef, OciLayoutSource, OciLayoutDestination } from './layout/index.ts';
export { openDockerArchive, createDockerArchiveDestination } from './docker-archive/index.ts';
export type { DockerArchiveSource, DockerArchiveDestination } from './docker-archive/index.ts';
export { copyImage } from './copy.ts';
export type { CopyOptions, CopyResult } from './copy.ts';
export { resolveImage } from './resolve.ts';
export type { ResolvedImage } from './resolve.ts';
export {
  parseReference,
  formatReference,
  familiarName,
  registryEndpoint,
  isTag,
  DOCKER_HUB,
} from './reference.ts';
export type { Reference } from './reference.ts';
export * from './registry/index.ts';
export { parseImageLocation } from './image-location.ts';
export type { ImageLocation } from './image-location.ts';
export { openImageSource, openImageDestination } from './open.ts';
export type { OpenImageOptions, OpenedSource } from './open.ts';
export { readLayer } from './layer-stream.ts';
export type { LayerReadOptions } from './layer-stream.ts';
