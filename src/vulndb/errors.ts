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
  | 'CVSS_INVALID';

export class VulnDbError extends SigilError {
  declare readonly code: VulnDbErrorCode;

  constructor(code: VulnDbErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'VulnDbError';
  }
}
