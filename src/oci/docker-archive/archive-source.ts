import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { LIMITS } from '../../core/index.ts';
import { OciError } from '../errors.ts';
import { digestOf, verifyingStream } from '../digest.ts';
import { parseImageConfig } from '../manifest.ts';
import { MEDIA_TYPES } from '../media-types.ts';
import type { ImageSource } from '../transport.ts';
import type { Descriptor, ImageManifest, ManifestBlob } from '../types.ts';
import {
  normalizeRepoTag,
  parseArchiveManifest,
  type ArchiveManifestItem,
} from './archive-format.ts';
import { memberStream, resolveMember, scanArchive, type Member } from './archive-scan.ts';

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
  const scan = await scanArchive(file);
  const items = parseArchiveManifest(scan.manifestBytes, file);
  const item = chooseItem(items, opts.reference, file);
  const blobs = new Map<string, Member>();

  const configMember = resolveMember(scan, item.Config, file);
  if (configMember.size > LIMITS.configBytes) {
    throw new OciError('CONFIG_TOO_LARGE', `${file}: image config of ${configMember.size} bytes`);
  }
  const configBytes = await buffer(memberStream(file, configMember));
  const config = parseImageConfig(configBytes);
  const configDesc = {
    mediaType: MEDIA_TYPES.dockerConfig,
    digest: digestOf(configBytes),
    size: configBytes.length,
  };
  blobs.set(configDesc.digest, configMember);

  const layers: Descriptor[] = [];
  for (const path of item.Layers) {
    const member = resolveMember(scan, path, file);
    const desc = await describeLayer(file, member);
    blobs.set(desc.digest, member);
    layers.push(desc);
  }
  if (config.rootfs !== undefined && config.rootfs.diff_ids.length !== layers.length) {
    throw new OciError(
      'ARCHIVE_INVALID',
      `${file}: config lists ${config.rootfs.diff_ids.length} layers, manifest.json ${layers.length}`,
    );
  }
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.dockerManifest,
    config: configDesc,
    layers,
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  const blob: ManifestBlob = {
    bytes,
    mediaType: MEDIA_TYPES.dockerManifest,
    digest: digestOf(bytes),
  };

  return {
    description: `docker-archive:${file}${opts.reference !== undefined ? ':' + opts.reference : ''}`,
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
      return Promise.resolve(verified(memberStream(file, member), desc, file));
    },
    close: () => Promise.resolve(),
  };
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

// Digest and size of a member as stored; gzip and zstd members are recognized by magic bytes.
async function describeLayer(file: string, member: Member): Promise<Descriptor> {
  const hash = createHash('sha256');
  let head: Buffer | undefined;
  for await (const chunk of memberStream(file, member)) {
    const buf = chunk as Buffer;
    head ??= buf.subarray(0, 4);
    hash.update(buf);
  }
  const digest = `sha256:${hash.digest('hex')}`;
  if (
    head !== undefined &&
    head[0] === 0x28 &&
    head[1] === 0xb5 &&
    head[2] === 0x2f &&
    head[3] === 0xfd
  ) {
    throw new OciError(
      'MEDIA_TYPE_UNSUPPORTED',
      `${file}: zstd layer ${member.path} in a docker archive`,
    );
  }
  const gzip = head !== undefined && head[0] === 0x1f && head[1] === 0x8b;
  return {
    mediaType: gzip ? MEDIA_TYPES.dockerLayerGzip : MEDIA_TYPES.dockerLayerTar,
    digest,
    size: member.size,
  };
}

function verified(stream: Readable, desc: Descriptor, file: string): Readable {
  const v = verifyingStream(desc, `blob in ${file}`);
  stream.on('error', (err) => v.destroy(err));
  return stream.pipe(v);
}
