// Test-only helpers over the shared fixture OCI images (not exported from index.ts): the
// layers of an image read from the layout with plain JSON, and a reference root file system
// built by GNU tar with the OCI whiteouts applied by the shell, for independent tools to read.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Package } from './package.ts';
import { sharedDir } from './test-helpers.ts';

const shared = sharedDir();
/** The shared OCI layout, when present. */
export const IMAGE_LAYOUT = shared && join(shared, 'fixtures', 'images', 'oci');

const tools = ['tar', 'dpkg-query'].every(
  (t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0,
);
/** A skip reason for node:test, or false when the images and tools are there. */
export const IMAGES_SKIP: string | false =
  !IMAGE_LAYOUT || !existsSync(IMAGE_LAYOUT)
    ? 'no shared fixture images'
    : !tools
      ? 'needs tar and dpkg-query'
      : false;

export const blobPath = (digest: string) =>
  join(IMAGE_LAYOUT!, 'blobs', 'sha256', digest.replace('sha256:', ''));

const readJson = (digest: string) => JSON.parse(readFileSync(blobPath(digest), 'utf8'));

/** Every ref name of the shared layout. */
export function imageRefs(): string[] {
  const index = JSON.parse(readFileSync(join(IMAGE_LAYOUT!, 'index.json'), 'utf8'));
  return index.manifests
    .map(
      (m: { annotations?: Record<string, string> }) =>
        m.annotations?.['org.opencontainers.image.ref.name'],
    )
    .filter((r: unknown): r is string => typeof r === 'string');
}

/** Layer digests of an image, bottom first; an index is followed to linux/amd64. */
export function layersOf(ref: string): string[] {
  const index = JSON.parse(readFileSync(join(IMAGE_LAYOUT!, 'index.json'), 'utf8'));
  const desc = index.manifests.find(
    (m: { annotations?: Record<string, string> }) =>
      m.annotations?.['org.opencontainers.image.ref.name'] === ref,
  );
  let doc = readJson(desc.digest);
  if (Array.isArray(doc.manifests)) {
    const amd64 = doc.manifests.find(
      (m: { platform?: { os?: string; architecture?: string } }) =>
        m.platform?.os === 'linux' && m.platform.architecture === 'amd64',
    );
    doc = readJson(amd64.digest);
  }
  return doc.layers.map((l: { digest: string }) => l.digest);
}

/**
 * The reference root file system of `ref` under `work`, restricted to the `members` trees
 * (regular-expression alternatives anchored at the root; `['']` for everything): GNU tar
 * applies the layers in order while the shell applies their OCI whiteouts (opaque dirs
 * emptied before the layer, `.wh.` names removed after).
 */
export function referenceRootfs(
  work: string,
  name: string,
  digests: string[],
  members: string[],
): string {
  const root = join(work, 'rootfs', name);
  if (existsSync(root)) return root;
  mkdirSync(root, { recursive: true });
  const script = `
    set -eu
    root="$1"; members="$2"; shift 2
    for layer in "$@"; do
      list=$(mktemp); tar -tzf "$layer" | grep -E "^(\\./)?($members)" > "$list" || true
      grep -E '(^|/)\\.wh\\.\\.wh\\.\\.opq$' "$list" | while IFS= read -r opq; do
        d=$(dirname "$opq"); find "$root/$d" -mindepth 1 -maxdepth 1 -exec rm -rf {} + 2>/dev/null || true
      done
      if [ -s "$list" ]; then tar -xzf "$layer" -C "$root" --no-same-owner --no-recursion -T "$list"; fi
      grep -E '(^|/)\\.wh\\.' "$list" | while IFS= read -r wh; do
        d=$(dirname "$wh"); b=$(basename "$wh")
        rm -rf "$root/$wh"
        [ "$b" = ".wh..wh..opq" ] || rm -rf "$root/$d/\${b#.wh.}"
      done
      rm -f "$list"
    done`;
  execFileSync('bash', ['-c', script, 'bash', root, members.join('|'), ...digests.map(blobPath)]);
  return root;
}

const DPKG_FORMAT =
  '${db:Status-Status} ${Package} ${Version} ${source:Package} ${source:Version}\\n';

/** `name version source sourceVersion` of every installed package, by dpkg-query. */
export function dpkgQuery(admindir: string): string[] {
  const out = execFileSync('dpkg-query', [`--admindir=${admindir}`, '-W', '-f', DPKG_FORMAT], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((l) => l.startsWith('installed '))
    .map((l) => l.slice('installed '.length))
    .sort();
}

/** The catalog's deb packages in {@link dpkgQuery}'s shape. */
export const debLines = (packages: readonly Package[]) =>
  packages
    .filter((p) => p.type === 'deb')
    .map((p) => `${p.name} ${p.version} ${p.sourceName} ${p.sourceVersion}`)
    .sort();
