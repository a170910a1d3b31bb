import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { LIMITS } from '../../core/index.ts';
import { OciError } from '../errors.ts';
import { digestOf, verifyingStream } from '../digest.ts';
import { parseImageConfig } from '../manifest.ts';
import { MEDIA_TYPES } from '../media-types.ts';
import type { ImageSource } from '../transport.ts';
import type { Descriptor, ImageConfig, ImageManifest, ManifestBlob } from '../types.ts';
import {
  normalizeRepoTag,
  parseArchiveManifest,
  type ArchiveManifestItem,
} from './archive-format.ts';
import {
  memberStream,
  plainArchive,
  resolveMember,
  scanArchive,
  type Member,
} from './archive-scan.ts';

export interface DockerArchiveSource extends ImageSource {
  /** RepoTags of the chosen image, as stored. */
  readonly repoTags: readonly string[];
}

/**
 * Open `docker-archive:FILE[:REF]` (a `docker save` tarball, classic or Docker 25+ layout).
 * REF picks the image among the RepoTags (or `@N` the N-th image); without it the archive
 * must hold one image. The image is presented with a synthesized Docker schema 2 manifest
 * whose layer digests are those of the members as stored (gzip members keep their
 * compression), so a layout copied here and back keeps its digests.
 *
 * @example const src = await openDockerArchive('app.tar', { reference: 'app:1' });
 */
export async function openDockerArchive(
  file: string,
  opts: { readonly reference?: string } = {},
): Promise<DockerArchiveSource> {
  const plain = await plainArchive(file);
  try {
    return await openPlain(file, plain.path, plain.cleanup, opts.reference);
  } catch (err) {
    await plain.cleanup();
    throw err;
  }
}

async function openPlain(
  file: string,
  tarPath: string,
  cleanup: () => Promise<void>,
  reference: string | undefined,
): Promise<DockerArchiveSource> {
  const scan = await scanArchive(tarPath);
  const item = chooseItem(parseArchiveManifest(scan.manifestBytes, file), reference, file);
  const blobs = new Map<string, Member>();
  const configMember = resolveMember(scan, item.Config, file);
  const config = await readConfig(file, tarPath, configMember);
  const layerMembers = item.Layers.map((path) => resolveMember(scan, path, file));
  const layers = layerMembers.map((m) => describeLayer(file, m));
  if (config.rootfs !== undefined && config.rootfs.diff_ids.length !== layers.length) {
    throw new OciError(
      'ARCHIVE_INVALID',
      `${file}: config lists ${config.rootfs.diff_ids.length} layers, manifest.json ${layers.length}`,
    );
  }
  for (const m of [configMember, ...layerMembers]) blobs.set(m.digest, m);
  const blob = synthesizeManifest(configMember, layers);

  return {
    description: `docker-archive:${file}${reference !== undefined ? ':' + reference : ''}`,
    repoTags: item.RepoTags,
    getManifest(digest) {
      if (digest !== undefined && digest !== blob.digest) {
        return Promise.reject(new OciError('MANIFEST_UNKNOWN', `${file}: no manifest ${digest}`));
      }
      return Promise.resolve(blob);
    },
    fetchBlob(desc) {
      const member = blobs.get(desc.digest);
      if (member === undefined)
        return Promise.reject(new OciError('BLOB_UNKNOWN', `${file}: no blob ${desc.digest}`));
      return Promise.resolve(verified(memberStream(tarPath, member), desc, file));
    },
    close: cleanup,
  };
}

async function readConfig(file: string, tarPath: string, member: Member): Promise<ImageConfig> {
  if (member.size > LIMITS.configBytes) {
    throw new OciError('CONFIG_TOO_LARGE', `${file}: image config of ${member.size} bytes`);
  }
  return parseImageConfig(await buffer(memberStream(tarPath, member)));
}

// Docker schema 2, as `docker load` would see the image; the bytes are ours, so is the digest.
function synthesizeManifest(config: Member, layers: Descriptor[]): ManifestBlob {
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.dockerManifest,
    config: { mediaType: MEDIA_TYPES.dockerConfig, digest: config.digest, size: config.size },
    layers,
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  return { bytes, mediaType: MEDIA_TYPES.dockerManifest, digest: digestOf(bytes) };
}

function chooseItem(
  items: ArchiveManifestItem[],
  reference: string | undefined,
  file: string,
): ArchiveManifestItem {
  const listed = () => items.flatMap((i) => i.RepoTags).join(', ') || 'none';
  if (reference === undefined) {
    if (items.length === 1) return items[0]!;
    throw new OciError(
      'MANIFEST_UNKNOWN',
      `${file} holds ${items.length} images; name one (tags: ${listed()})`,
    );
  }
  const index = /^@(\d{1,6})$/.exec(reference)?.[1];
  if (index !== undefined) {
    const item = items[Number(index)];
    if (item === undefined)
      throw new OciError(
        'MANIFEST_UNKNOWN',
        `${file}: no image @${index} (${items.length} images)`,
      );
    return item;
  }
  const want = normalizeRepoTag(reference);
  const same = (tag: string) => {
    try {
      const t = normalizeRepoTag(tag);
      return t.name === want.name && t.tag === want.tag;
    } catch {
      return false;
    }
  };
  const found = items.find((i) => i.RepoTags.some(same));
  if (found === undefined)
    throw new OciError(
      'MANIFEST_UNKNOWN',
      `${file}: no image tagged ${reference} (tags: ${listed()})`,
    );
  return found;
}

// A layer as stored; gzip is typed as such, zstd refused (docker cannot load it).
function describeLayer(file: string, member: Member): Descriptor {
  const [a, b, c, d] = member.magic;
  if (a === 0x28 && b === 0xb5 && c === 0x2f && d === 0xfd) {
    throw new OciError(
      'MEDIA_TYPE_UNSUPPORTED',
      `${file}: zstd layer ${member.path} in a docker archive`,
    );
  }
  const gzip = a === 0x1f && b === 0x8b;
  return {
    mediaType: gzip ? MEDIA_TYPES.dockerLayerGzip : MEDIA_TYPES.dockerLayerTar,
    digest: member.digest,
    size: member.size,
  };
}

function verified(stream: Readable, desc: Descriptor, file: string): Readable {
  const v = verifyingStream(desc, `blob in ${file}`);
  stream.on('error', (err) => v.destroy(err));
  return stream.pipe(v);
}
