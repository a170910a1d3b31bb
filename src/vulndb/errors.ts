import { SigilError } from '../core/index.ts';

/**
 * Codes the vulnerability-database domain throws. Version strings and advisories come from
 * outside (package databases, advisory feeds), so every rejection is one of these codes.
 */
export type VulnDbErrorCode =
  /** A version string the ecosystem's grammar rejects (or too long, or not a string). */
  | 'VERSION_INVALID'
  /** An OSV ecosystem name no comparator handles. */
  | 'ECOSYSTEM_UNKNOWN'
  /** An OSV `affected[]` entry or range that breaks the OSV schema. */
  | 'OSV_INVALID'
  /** A CVSS vector that breaks its version's specification. */
  | 'CVSS_INVALID'
  /** The advisory database file is missing, unreadable, or of an unknown schema version. */
  | 'DB_INVALID'
  /** The advisory database is older than the allowed maximum age. */
  | 'DB_STALE'
  /** An import source (file, folder, zip archive) that cannot be read within limits. */
  | 'DB_IMPORT_FAILED'
  /** Downloading or applying an update failed; the previous database is left intact. */
  | 'DB_UPDATE_FAILED'
  /** A zip archive that is malformed, unsupported, or exceeds the size and count limits. */
  | 'ZIP_INVALID';

export class VulnDbError extends SigilError {
  declare readonly code: VulnDbErrorCode;

  constructor(code: VulnDbErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'VulnDbError';
  }
}
