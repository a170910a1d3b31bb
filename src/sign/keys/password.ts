import { SignError } from '../errors.ts';

export interface PasswordSources {
  /** Environment to read; pass `process.env` from the CLI. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Asks the user (the CLI wires a TTY prompt here); absent when there is no TTY. */
  readonly prompt?: (question: string) => Promise<string>;
}

/**
 * The password for a private key: `SIGIL_PASSWORD`, then `COSIGN_PASSWORD` (set but empty is an
 * empty password, as in cosign), then the prompt. PASSWORD_REQUIRED when none applies.
 *
 * @example await resolvePassword({ env: process.env, prompt: ttyPrompt })
 */
export async function resolvePassword(
  sources: PasswordSources,
  question = 'Enter password for private key: ',
): Promise<string> {
  for (const name of ['SIGIL_PASSWORD', 'COSIGN_PASSWORD']) {
    const value = sources.env?.[name];
    if (value !== undefined) return value;
  }
  if (sources.prompt) return sources.prompt(question);
  throw new SignError(
    'PASSWORD_REQUIRED',
    'no password: set SIGIL_PASSWORD or COSIGN_PASSWORD, or run on a terminal',
  );
}
