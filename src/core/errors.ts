/**
 * The one error type every domain throws. Codes are public and stable: the CLI prints
 * them (`sigil: CODE: message`), tests assert on them, the admission webhook turns them
 * into denials. Domain `errors.ts` modules declare their codes and may subclass.
 *
 * @example
 *   throw new SigilError('MANIFEST_UNKNOWN', `manifest ${ref} not found`, { cause });
 */
export class SigilError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigilError';
    this.code = code;
  }
}

/** True when `err` is a SigilError, optionally with the given code. */
export function isSigilError(err: unknown, code?: string): err is SigilError {
  return err instanceof SigilError && (code === undefined || err.code === code);
}

/** Message of any thrown value, for rendering at the edges. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
