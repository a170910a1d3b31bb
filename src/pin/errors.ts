import { SigilError } from '../core/index.ts';

/** Codes the pin domain throws. Problems with one image reference are warnings, not errors. */
export type PinErrorCode =
  | 'PIN_INPUT_TOO_LARGE'
  | 'PIN_TOO_MANY_REFERENCES'
  | 'PIN_YAML_INVALID'
  | 'PIN_KIND_UNKNOWN'
  | 'PIN_REFERENCE_INVALID';

export class PinError extends SigilError {
  declare readonly code: PinErrorCode;

  constructor(code: PinErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PinError';
  }
}
