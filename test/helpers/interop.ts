import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The real interop peers (cosign 2.5, skopeo 1.18 from Debian 13) that
 * scripts/fetch-interop-tools.sh leaves in .cache/tools/bin; env SIGIL_SKOPEO / SIGIL_COSIGN
 * override. Tests skip without them locally and fail without them in CI.
 */
export type InteropTool = 'skopeo' | 'cosign';

export function interopToolPath(tool: InteropTool, env = process.env): string | undefined {
  const fromEnv = env[tool === 'skopeo' ? 'SIGIL_SKOPEO' : 'SIGIL_COSIGN'];
  const path = fromEnv ?? fileURLToPath(new URL(`../../.cache/tools/bin/${tool}`, import.meta.url));
  return existsSync(path) ? path : undefined;
}

/** Why a test needing `tool` must skip, or undefined (also undefined in CI, where it then fails). */
export function interopSkipReason(tool: InteropTool, env = process.env): string | undefined {
  if (interopToolPath(tool, env) !== undefined || env.CI) return undefined;
  return `${tool} not found (run scripts/fetch-interop-tools.sh); skipping interop tests`;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run an interop tool; resolves with its exit code and output (never rejects on exit != 0). */
export function runTool(
  tool: InteropTool,
  args: readonly string[],
  opts: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<RunResult> {
  const path = interopToolPath(tool);
  if (path === undefined)
    throw new Error(`${tool} is required here (scripts/fetch-interop-tools.sh)`);
  return run(path, args, opts);
}

export function run(
  file: string,
  args: readonly string[],
  opts: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      {
        env: { ...process.env, ...opts.env },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
        cwd: opts.cwd,
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        if (err !== null && code === -1) return reject(err);
        resolve({ code, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}
