import { SigilError } from '../core/index.ts';

/**
 * Codes the OCI domain throws. Registry error codes follow the distribution spec's names
 * (MANIFEST_UNKNOWN, BLOB_UNKNOWN, NAME_INVALID, UNAUTHORIZED, DENIED, …) so that what a
 * registry says reaches the user under the name the spec gives it.
 */
export type OciErrorCode =
  | 'NAME_INVALID'
  | 'NAME_UNKNOWN'
  | 'MANIFEST_UNKNOWN'
  | 'MANIFEST_INVALID'
  | 'MANIFEST_TOO_LARGE'
  | 'BLOB_UNKNOWN'
  | 'BLOB_TRUNCATED'
  | 'BLOB_TOO_LARGE'
  | 'DIGEST_INVALID'
  | 'DIGEST_MISMATCH'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'UNSUPPORTED'
  | 'TOO_MANY_REQUESTS'
  | 'REGISTRY_ERROR'
  | 'REGISTRY_UNREACHABLE'
  | 'TIMEOUT'
  | 'INSECURE_REGISTRY'
  | 'PLATFORM_NOT_FOUND'
  | 'MEDIA_TYPE_UNSUPPORTED'
  | 'LAYOUT_INVALID'
  | 'ARCHIVE_INVALID'
  | 'TRANSPORT_INVALID'
  | 'CREDENTIALS_ERROR'
  | 'PAGINATION_LIMIT'
  | 'LAYER_TOO_LARGE'
  | 'LAYER_INVALID'
  | 'CONFIG_INVALID'
  | 'CONFIG_TOO_LARGE'
  | 'TAR_INVALID'
  | 'TAR_TRUNCATED'
  | 'PLATFORM_INVALID';

export class OciError extends SigilError {
  declare readonly code: OciErrorCode;

  constructor(code: OciErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'OciError';
  }
}
