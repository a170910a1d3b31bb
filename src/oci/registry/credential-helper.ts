import { execFile } from 'node:child_process';
import { OciError } from '../errors.ts';
import type { Credential } from './credentials.ts';

const OUTPUT_LIMIT = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;
/** docker-credential-helpers' convention: this Username means Secret is an identity token. */
const TOKEN_USERNAME = '<token>';

/**
 * Ask `docker-credential-<name> get` for `serverUrl`'s credentials (docker-credential-helpers
 * protocol: server URL on stdin, `{"Username","Secret"}` on stdout). Undefined when the helper
 * has none; CREDENTIALS_ERROR when it is missing, fails or answers nonsense.
 */
export async function runCredentialHelper(
  name: string,
  serverUrl: string,
  opts: { env: Readonly<Record<string, string | undefined>>; timeoutMs?: number | undefined },
): Promise<Credential | undefined> {
  // The name comes from a config file; it must not be a path or carry shell syntax.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new OciError(
      'CREDENTIALS_ERROR',
      `invalid credential helper name ${JSON.stringify(name)}`,
    );
  }
  const program = `docker-credential-${name}`;
  const { stdout, failure } = await run(program, serverUrl, opts);
  if (failure !== undefined) {
    if (/credentials not found/i.test(stdout)) return undefined;
    throw new OciError('CREDENTIALS_ERROR', `${program} get: ${failure}`);
  }
  return parseReply(program, stdout);
}

function run(
  program: string,
  input: string,
  opts: { env: Readonly<Record<string, string | undefined>>; timeoutMs?: number | undefined },
): Promise<{ stdout: string; failure?: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      program,
      ['get'],
      {
        env: opts.env as NodeJS.ProcessEnv,
        timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxBuffer: OUTPUT_LIMIT,
        windowsHide: true,
      },
      (err, stdout) => {
        if (err === null) return resolve({ stdout });
        const code = (err as { code?: unknown }).code;
        const failure =
          code === 'ENOENT'
            ? 'not found on PATH'
            : err.killed
              ? 'timed out or printed too much'
              : `exited with ${String(code)}`;
        resolve({ stdout: String(stdout).slice(0, 1000), failure });
      },
    );
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

function parseReply(program: string, stdout: string): Credential {
  let doc: { Username?: unknown; Secret?: unknown };
  try {
    doc = JSON.parse(stdout) as typeof doc;
  } catch (err) {
    throw new OciError('CREDENTIALS_ERROR', `${program} get: output is not JSON`, { cause: err });
  }
  if (typeof doc?.Secret !== 'string' || typeof doc.Username !== 'string') {
    throw new OciError('CREDENTIALS_ERROR', `${program} get: output lacks Username/Secret`);
  }
  if (doc.Username === TOKEN_USERNAME) return { kind: 'identity-token', token: doc.Secret };
  return { kind: 'basic', username: doc.Username, password: doc.Secret };
}
