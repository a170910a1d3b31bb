import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { buffer } from 'node:stream/consumers';
import { LIMITS } from '../../core/index.ts';
import { OciError } from '../errors.ts';
import { parseDigest, verifyBytes, verifyingStream } from '../digest.ts';
import { parseImageConfig, parseManifestBlob } from '../manifest.ts';
import { MEDIA_TYPES } from '../media-types.ts';
import { TarWriter } from '../tar/index.ts';
import type { ImageDestination } from '../transport.ts';
import type { Descriptor, ImageManifest, ManifestBlob } from '../types.ts';
import {
  ARCHIVE_MANIFEST,
  ARCHIVE_REPOSITORIES,
  LEGACY_CONFIG_FILE,
  LEGACY_LAYER_FILE,
  LEGACY_VERSION_FILE,
  normalizeRepoTag,
} from './archive-format.ts';
import { legacyLayers } from './legacy-layers.ts';

export interface DockerArchiveDestination extends ImageDestination {
  /** Drop the temporary archive of a failed copy. */
  abort(): Promise<void>;
}

const CONFIG_TYPES: readonly string[] = [MEDIA_TYPES.ociConfig, MEDIA_TYPES.dockerConfig];
// containers/image writes members read-only with a zero mtime; so do we, for reproducible archives.
const MEMBER = { mode: 0o444, mtime: new Date(0) };

/**
 * Write `docker-archive:FILE[:REF]` as containers/image does: config `<hex>.json`, layers
 * `<hex>.tar` stored as given, legacy layer directories, `manifest.json`, `repositories`.
 * Everything goes to a temp file renamed over FILE at `commit()`. One image only: an index
 * is refused (copy selects a platform first).
 *
 * @example const dst = await createDockerArchiveDestination('app.tar', { reference: 'app:1' });
 */
export async function createDockerArchiveDestination(
  file: string,
  opts: { readonly reference?: string } = {},
): Promise<DockerArchiveDestination> {
  const repoTag = opts.reference === undefined ? undefined : normalizeRepoTag(opts.reference);
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  const out = createWriteStream(tmp, { flags: 'wx' });
  await once(out, 'open').catch((cause: Error) => {
    throw new OciError('ARCHIVE_INVALID', `cannot create ${file}: ${cause.message}`, { cause });
  });
  const tar = new TarWriter(out);
  const written = new Map<string, number>();
  let config: Buffer | undefined;
  let manifest: ImageManifest | undefined;
  let failed = false;

  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (failed) throw new OciError('ARCHIVE_INVALID', `${file}: an earlier write failed`);
    try {
      return await fn();
    } catch (err) {
      failed = true;
      throw err;
    }
  };

  return {
    description: `docker-archive:${file}${opts.reference !== undefined ? ':' + opts.reference : ''}`,
    hasBlob: (desc) => Promise.resolve(written.get(desc.digest) === desc.size),
    putBlob: (desc, data, signal) =>
      guard(async () => {
        if (written.has(desc.digest)) return void data.resume();
        const hex = parseDigest(desc.digest).hex;
        if (CONFIG_TYPES.includes(desc.mediaType)) {
          if (desc.size > LIMITS.configBytes)
            throw new OciError('CONFIG_TOO_LARGE', `config of ${desc.size} bytes`);
          const bytes = await buffer(data);
          verifyBytes(bytes, desc.digest, 'image config');
          config = bytes;
          await tar.add({ path: `${hex}.json`, size: bytes.length, ...MEMBER }, bytes);
        } else {
          const verified = verifyingStream(desc, `layer for ${file}`);
          const flow = pipeline(data, verified, ...(signal ? [{ signal }] : [])).catch(() => {});
          await tar.add({ path: `${hex}.tar`, size: desc.size, ...MEMBER }, verified);
          await flow;
        }
        written.set(desc.digest, desc.size);
      }),
    putManifest: (m, { root }) =>
      guard(async () => {
        manifest = acceptManifest(m, root, file);
        const missing = [manifest.config, ...manifest.layers].find((d) => !written.has(d.digest));
        if (missing !== undefined)
          throw new OciError('BLOB_UNKNOWN', `${file}: blob ${missing.digest} was not written`);
      }),
    commit: () =>
      guard(async () => {
        if (manifest === undefined || config === undefined) {
          throw new OciError('ARCHIVE_INVALID', `${file}: no image to commit`);
        }
        await writeIndexMembers(tar, manifest, config, repoTag);
        await tar.finish();
        await rename(tmp, file);
      }),
    async abort() {
      out.destroy();
      await rm(tmp, { force: true });
    },
  };
}

function acceptManifest(m: ManifestBlob, root: boolean, file: string): ImageManifest {
  verifyBytes(m.bytes, m.digest, 'manifest');
  const parsed = parseManifestBlob(m);
  if (parsed.kind === 'index' || !root) {
    throw new OciError(
      'UNSUPPORTED',
      `${file}: a docker archive holds one image, not an index; copy a single platform instead of all platforms`,
    );
  }
  if (!CONFIG_TYPES.includes(parsed.manifest.config.mediaType)) {
    throw new OciError(
      'UNSUPPORTED',
      `${file}: ${parsed.manifest.config.mediaType} is not an image config`,
    );
  }
  return parsed.manifest;
}

// Legacy layer directories, then manifest.json and repositories (containers/image's order).
async function writeIndexMembers(
  tar: TarWriter,
  manifest: ImageManifest,
  configBytes: Buffer,
  repoTag: { name: string; tag: string } | undefined,
): Promise<void> {
  const config = parseImageConfig(configBytes) as unknown as Record<string, unknown>;
  const legacy = legacyLayers(
    manifest.layers.map((l: Descriptor) => l.digest),
    config,
  );
  for (const l of legacy) {
    await tar.add({
      path: `${l.id}/${LEGACY_LAYER_FILE}`,
      type: 'symlink',
      linkname: `../${l.layerPath}`,
      ...MEMBER,
    });
    await tar.add(
      { path: `${l.id}/${LEGACY_VERSION_FILE}`, size: 3, ...MEMBER },
      Buffer.from('1.0'),
    );
    await tar.add(
      { path: `${l.id}/${LEGACY_CONFIG_FILE}`, size: l.json.length, ...MEMBER },
      l.json,
    );
  }
  const repoTags = repoTag === undefined ? [] : [`${repoTag.name}:${repoTag.tag}`];
  const items = [
    {
      Config: `${parseDigest(manifest.config.digest).hex}.json`,
      RepoTags: repoTags,
      Layers: manifest.layers.map((l) => `${parseDigest(l.digest).hex}.tar`),
    },
  ];
  const top = legacy.at(-1)?.id;
  const repositories =
    repoTag !== undefined && top !== undefined ? { [repoTag.name]: { [repoTag.tag]: top } } : {};
  for (const [path, doc] of [
    [ARCHIVE_MANIFEST, items],
    [ARCHIVE_REPOSITORIES, repositories],
  ] as const) {
    const bytes = Buffer.from(JSON.stringify(doc));
    await tar.add({ path, size: bytes.length, ...MEMBER }, Readable.from([bytes]));
  }
}
