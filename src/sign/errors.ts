import { SigilError } from '../core/index.ts';

/**
 * Codes the signing domain throws. Verification *failures* are results, not errors
 * (see `verifySimpleSigning`); these codes are for inputs that cannot be used at all.
 */
export type SignErrorCode =
  | 'KEY_DECRYPT_FAILED'
  | 'KEY_INVALID'
  | 'KEY_UNSUPPORTED'
  | 'PASSWORD_REQUIRED'
  | 'PAYLOAD_INVALID'
  | 'PAYLOAD_TOO_LARGE'
  | 'ENVELOPE_INVALID'
  | 'STATEMENT_INVALID'
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_MANIFEST_INVALID'
  | 'TOO_MANY_SIGNATURES'
  | 'TARGET_UNSUPPORTED';

export class SignError extends SigilError {
  declare readonly code: SignErrorCode;

  constructor(code: SignErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'SignError';
  }
}
