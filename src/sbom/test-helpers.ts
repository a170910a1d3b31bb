// Helpers for this domain's tests only (not exported from index.ts).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryLayer } from './layers/test-layers.ts';
import type { Layer } from './layers/types.ts';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'test-fixtures');
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared fixtures folder, or undefined when this checkout has none beside it. */
export function sharedDir(): string | undefined {
  const candidates = [process.env.SIGIL_SHARED_DIR, join(REPO_ROOT, '..', 'shared')];
  return candidates.find(
    (c): c is string => c !== undefined && c !== '' && existsSync(join(c, 'fixtures')),
  );
}

/** One in-memory layer holding fixture files at image paths: `{ 'var/lib/rpm/Packages': 'rpm/x' }`. */
export function fixtureLayer(
  files: Record<string, string>,
  base = FIXTURES,
  digest = 'sha256:fixture',
): Layer {
  return memoryLayer(
    digest,
    Object.entries(files).map(([path, file]) => ({
      path,
      content: readFileSync(join(base, file)),
    })),
  );
}

/** Rows of a tab-separated expectation file. */
export function readTsv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}
