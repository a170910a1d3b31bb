export { PinError } from './errors.ts';
export type { PinErrorCode } from './errors.ts';
export { PIN_LIMITS } from './limits.ts';
export { detectFileKind } from './file-kind.ts';
export { findImageReferences } from './find.ts';
export { pinText, rewriteRepository } from './pin-text.ts';
export type { PinOptions } from './pin-text.ts';
export { splitReference, normalizeRepository, formatReference } from './reference.ts';
export type { SplitReference } from './reference.ts';
export type {
  FileKind,
  ResolveDigest,
  ReferenceState,
  ImageReference,
  PinChange,
  PinWarning,
  PinWarningCode,
  PinResult,
} from './types.ts';
export {
  walkPinnable,
  isDirectory,
  isPinnableName,
  readTextFile,
  writeFileAtomic,
} from './files.ts';
