import { posix } from 'node:path';
import { OciError } from '../errors.ts';

/**
 * The `docker save` format (moby `image/tarexport`, as containers/image
 * `docker/internal/tarfile` reads and writes it): `manifest.json` lists images by config path,
 * repo tags and layer paths; `repositories` is the legacy name → tag → top-layer-id map.
 */
export const ARCHIVE_MANIFEST = 'manifest.json';
export const ARCHIVE_REPOSITORIES = 'repositories';
export const LEGACY_LAYER_FILE = 'layer.tar';
export const LEGACY_CONFIG_FILE = 'json';
export const LEGACY_VERSION_FILE = 'VERSION';

/** One element of `manifest.json`. */
export interface ArchiveManifestItem {
  readonly Config: string;
  readonly RepoTags: readonly string[];
  readonly Layers: readonly string[];
}

const MAX_ITEMS = 1000;
const MAX_LAYERS = 1000;

/** Parse and check `manifest.json`. */
export function parseArchiveManifest(bytes: Uint8Array, file: string): ArchiveManifestItem[] {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (cause) {
    throw new OciError('ARCHIVE_INVALID', `${file}: manifest.json is not valid JSON`, { cause });
  }
  const bad = (msg: string) => new OciError('ARCHIVE_INVALID', `${file}: manifest.json: ${msg}`);
  if (!Array.isArray(doc) || doc.length === 0 || doc.length > MAX_ITEMS) {
    throw bad(`must list 1 to ${MAX_ITEMS} images`);
  }
  return doc.map((item: unknown, i) => {
    const it = item as Record<string, unknown> | null;
    if (typeof it !== 'object' || it === null || typeof it.Config !== 'string') {
      throw bad(`item ${i} has no Config`);
    }
    const tags = it.RepoTags ?? [];
    const layers = it.Layers;
    if (!isStringList(tags)) throw bad(`item ${i}: RepoTags must be a list of strings`);
    if (!isStringList(layers) || layers.length > MAX_LAYERS) throw bad(`item ${i}: bad Layers`);
    return { Config: it.Config, RepoTags: tags, Layers: layers };
  });
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

/** A member path as Go's `path.Clean` leaves it, so `./x`, `x` and `a/../x` all match. */
export function cleanPath(p: string): string {
  const n = posix.normalize(p);
  const stripped = n.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return stripped === '' ? '.' : stripped;
}

/**
 * A reference in the form docker and containers/image write into RepoTags:
 * `docker.io/library/app:latest` for `app`. Digest references cannot name a docker-archive image.
 */
export function normalizeRepoTag(ref: string): { name: string; tag: string } {
  if (ref.includes('@')) {
    throw new OciError('UNSUPPORTED', `docker archives name images by tag, not digest: ${ref}`);
  }
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const hasTag = colon > slash;
  let name = hasTag ? ref.slice(0, colon) : ref;
  const tag = hasTag ? ref.slice(colon + 1) : 'latest';
  const first = name.split('/')[0]!;
  const hasDomain =
    name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasDomain) name = `docker.io/${name}`;
  if (/^docker\.io\/[^/]+$/.test(name)) name = name.replace('docker.io/', 'docker.io/library/');
  if (
    !/^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$/i.test(
      name,
    ) ||
    !/^[\w][\w.-]{0,127}$/.test(tag)
  ) {
    throw new OciError(
      'NAME_INVALID',
      `invalid image reference ${JSON.stringify(ref.slice(0, 200))}`,
    );
  }
  return { name, tag };
}
