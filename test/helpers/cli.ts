import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, type RunResult } from './interop.ts';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// A HOME of its own, so the machine's credential files never leak into a test.
const HOME = mkdtempSync(join(tmpdir(), 'sigil-cli-home-'));

/** Run the real `sigil` CLI in a child process, as a user would. */
export function sigil(
  args: readonly string[],
  opts: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<RunResult> {
  return run(process.execPath, ['--no-warnings', MAIN, ...args], {
    ...opts,
    env: { HOME, XDG_RUNTIME_DIR: HOME, REGISTRY_AUTH_FILE: join(HOME, 'auth.json'), ...opts.env },
  });
}
