import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { LIMITS } from '../../core/index.ts';
import { OciError } from '../errors.ts';
import { verifyBytes, verifyingStream } from '../digest.ts';
import { manifestMediaType } from '../manifest.ts';
import { ANNOTATION_REF_NAME } from '../media-types.ts';
import type { ImageSource, TagLister } from '../transport.ts';
import type { Descriptor, ImageIndex, ManifestBlob } from '../types.ts';
import {
  blobPath,
  checkLayoutFile,
  isNotFound,
  readBounded,
  readIndexJson,
} from './layout-files.ts';

export interface OciLayoutRef {
  /** `org.opencontainers.image.ref.name` of the wanted entry. */
  readonly tag?: string;
  /** Digest of the wanted manifest or index. */
  readonly digest?: string;
}

/** An OCI image layout read as an image source (and a lister of its ref names). */
export interface OciLayoutSource extends ImageSource, TagLister {
  /** The index.json entry (or blob) the reference chose. */
  readonly root: Descriptor;
}

/**
 * Open `oci:DIR[:TAG|@DIGEST]` for reading. With neither tag nor digest the layout must hold
 * exactly one entry.
 *
 * @example const src = await openOciLayout('./layout', { tag: 'app' });
 */
export async function openOciLayout(dir: string, ref: OciLayoutRef = {}): Promise<OciLayoutSource> {
  await checkLayoutFile(dir);
  const index = await readIndexJson(dir);
  const root = await chooseRoot(dir, index, ref);
  const description = `oci:${dir}${ref.digest ? '@' + ref.digest : ref.tag ? ':' + ref.tag : ''}`;
  return {
    description,
    root,
    getManifest: (digest) => readManifest(dir, digest === undefined ? root : { digest }),
    fetchBlob: (desc) => openBlob(dir, desc),
    listTags: () => Promise.resolve(refNames(index)),
    close: () => Promise.resolve(),
  };
}

async function chooseRoot(dir: string, index: ImageIndex, ref: OciLayoutRef): Promise<Descriptor> {
  const names = refNames(index);
  if (ref.digest !== undefined) {
    const found = index.manifests.find((d) => d.digest === ref.digest);
    if (found !== undefined) return found;
    const m = await readManifest(dir, { digest: ref.digest });
    return { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
  }
  if (ref.tag !== undefined) {
    const found = index.manifests.find((d) => d.annotations?.[ANNOTATION_REF_NAME] === ref.tag);
    if (found !== undefined) return found;
    throw new OciError(
      'MANIFEST_UNKNOWN',
      `oci:${dir}: no image named ${JSON.stringify(ref.tag)} (names: ${names.join(', ') || 'none'})`,
    );
  }
  if (index.manifests.length === 1) return index.manifests[0]!;
  throw new OciError(
    'MANIFEST_UNKNOWN',
    `oci:${dir} holds ${index.manifests.length} images; name one as oci:${dir}:NAME (names: ${names.join(', ') || 'none'})`,
  );
}

function refNames(index: ImageIndex): string[] {
  return index.manifests.flatMap((d) => d.annotations?.[ANNOTATION_REF_NAME] ?? []);
}

/** Read, bound and verify a manifest blob; its media type from the descriptor or the bytes. */
async function readManifest(
  dir: string,
  desc: { digest: string; mediaType?: string; size?: number },
): Promise<ManifestBlob> {
  if (desc.size !== undefined && desc.size > LIMITS.manifestBytes) throw tooLarge(desc.size);
  let bytes: Buffer;
  try {
    bytes = await readBounded(blobPath(dir, desc.digest), LIMITS.manifestBytes, tooLarge);
  } catch (err) {
    if (isNotFound(err))
      throw new OciError('MANIFEST_UNKNOWN', `oci:${dir}: no manifest ${desc.digest}`);
    throw err;
  }
  verifyBytes(bytes, desc.digest, `manifest in oci:${dir}`);
  if (desc.size !== undefined && desc.size !== bytes.length) {
    throw new OciError(
      'MANIFEST_INVALID',
      `manifest ${desc.digest}: ${bytes.length} bytes, descriptor says ${desc.size}`,
    );
  }
  return { bytes, digest: desc.digest, mediaType: desc.mediaType ?? manifestMediaType(bytes) };
}

async function openBlob(dir: string, desc: Descriptor): Promise<Readable> {
  const file = blobPath(dir, desc.digest);
  const stream = createReadStream(file);
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (err) {
    if (isNotFound(err)) throw new OciError('BLOB_UNKNOWN', `oci:${dir}: no blob ${desc.digest}`);
    throw err;
  }
  const verified = verifyingStream(desc, `blob in oci:${dir}`);
  stream.on('error', (err) => verified.destroy(err));
  return stream.pipe(verified);
}

function tooLarge(size: number): OciError {
  return new OciError(
    'MANIFEST_TOO_LARGE',
    `manifest of ${size} bytes exceeds ${LIMITS.manifestBytes}`,
  );
}
