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
  parseReference,
  formatReference,
  familiarName,
  registryEndpoint,
  isTag,
  DOCKER_HUB,
} from './reference.ts';
export type { Reference } from './reference.ts';
export * from './registry/index.ts';
