import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PinError } from './errors.ts';
import { PIN_LIMITS } from './limits.ts';

/** Walk limits: a repository of manifests, not a whole disk. */
const WALK = { files: 10_000, depth: 32 } as const;
const SKIP_DIRS = new Set(['.git', 'node_modules']);

/** Names a directory walk picks up: YAML (manifests, kustomizations, compose) and Dockerfiles. */
export function isPinnableName(name: string): boolean {
  const n = name.toLowerCase();
  return (
    n.endsWith('.yaml') ||
    n.endsWith('.yml') ||
    /^(docker|container)file(\..+)?$/.test(n) ||
    n.endsWith('.dockerfile') ||
    n.endsWith('.containerfile')
  );
}

/**
 * Files under `dir` that `pin` looks at, sorted, without following symbolic links or
 * entering `.git` and `node_modules`.
 */
export async function walkPinnable(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string, depth: number): Promise<void> => {
    if (depth > WALK.depth) return;
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) await visit(p, depth + 1);
      else if (e.isFile() && isPinnableName(e.name)) {
        out.push(p);
        if (out.length > WALK.files) {
          throw new PinError(
            'PIN_TOO_MANY_REFERENCES',
            `more than ${WALK.files} files under ${dir}`,
          );
        }
      }
    }
  };
  await visit(dir, 0);
  return out;
}

/** True when `path` is a directory (not following a final symbolic link). */
export async function isDirectory(path: string): Promise<boolean> {
  return (await lstat(path)).isDirectory();
}

/** A regular file's text, refusing anything above the pin domain's size limit. */
export async function readTextFile(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new PinError('PIN_KIND_UNKNOWN', `${path} is not a regular file`);
    if (info.size > PIN_LIMITS.textBytes) {
      throw new PinError('PIN_INPUT_TOO_LARGE', `${path} exceeds ${PIN_LIMITS.textBytes} bytes`);
    }
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Replace `given` by write-then-rename, keeping its mode, so a crash never leaves half a
 * file. A symbolic link is followed: its target is replaced and the link stays a link.
 */
export async function writeFileAtomic(given: string, text: string): Promise<void> {
  const path = await realpath(given);
  const mode = (await stat(path)).mode & 0o7777;
  const tmp = join(dirname(path), `.${basename(path)}.sigil-${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
