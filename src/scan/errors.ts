import { SigilError } from '../core/index.ts';

/** Codes the scan domain throws. */
export type ScanErrorCode =
  'SBOM_INVALID' | 'IGNORE_FILE_INVALID' | 'VEX_INVALID' | 'FORMAT_UNKNOWN' | 'SEVERITY_INVALID';

export class ScanError extends SigilError {
  declare readonly code: ScanErrorCode;

  constructor(code: ScanErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ScanError';
  }
}
