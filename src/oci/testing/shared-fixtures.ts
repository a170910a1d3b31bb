import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Test-only: the repository root, computed from this file's place in it. */
export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/**
 * The shared fixture image layout (`<shared>/fixtures/images/oci`), where `<shared>` is env
 * SIGIL_SHARED_DIR or `<repoRoot>/../shared`; undefined when absent, for tests to skip.
 */
export function sharedImageLayout(): string | undefined {
  const shared = process.env.SIGIL_SHARED_DIR ?? join(repoRoot, '..', 'shared');
  const dir = join(shared, 'fixtures', 'images', 'oci');
  return existsSync(join(dir, 'index.json')) ? dir : undefined;
}

/** Path of a skopeo binary from env SIGIL_SKOPEO, when it exists. */
export function skopeoBinary(): string | undefined {
  const bin = process.env.SIGIL_SKOPEO;
  return bin !== undefined && bin !== '' && existsSync(bin) ? bin : undefined;
}
