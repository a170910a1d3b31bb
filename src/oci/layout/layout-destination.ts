import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OciError } from '../errors.ts';
import { verifyBytes, verifyingStream } from '../digest.ts';
import { ANNOTATION_REF_NAME, MEDIA_TYPES } from '../media-types.ts';
import type { ImageDestination } from '../transport.ts';
import type { Descriptor, ImageIndex, ManifestBlob } from '../types.ts';
import {
  INDEX_FILE,
  LAYOUT_FILE,
  LAYOUT_VERSION,
  blobPath,
  checkLayoutFile,
  fileSize,
  readIndexJson,
  writeAtomically,
} from './layout-files.ts';

/** An OCI layout being written; `abort()` drops temp files of a failed copy. */
export interface OciLayoutDestination extends ImageDestination {
  abort(): Promise<void>;
}

/**
 * Write into `oci:DIR[:TAG]`, creating the layout when absent. Blobs land under their digest
 * only once verified; `index.json` changes only at `commit()`, atomically, replacing an entry
 * with the same ref name and keeping the others.
 *
 * @example
 *   const dst = await createOciLayoutDestination('./out', { tag: 'app' });
 *   await copyImage(src, dst);
 */
export async function createOciLayoutDestination(
  dir: string,
  opts: { readonly tag?: string } = {},
): Promise<OciLayoutDestination> {
  const existing = await fileSize(join(dir, LAYOUT_FILE));
  if (existing !== undefined) await checkLayoutFile(dir);
  const { tag } = opts;
  let root: Descriptor | undefined;
  const temps = new Set<string>();

  const putVerified = async (desc: Descriptor, data: Readable, signal?: AbortSignal) => {
    const final = blobPath(dir, desc.digest);
    await mkdir(dirname(final), { recursive: true });
    const tmp = join(dir, `.sigil-tmp-${randomBytes(8).toString('hex')}`);
    temps.add(tmp);
    try {
      await pipeline(data, verifyingStream(desc, `blob for oci:${dir}`), createWriteStream(tmp), {
        ...(signal && { signal }),
      });
      await rename(tmp, final);
    } finally {
      temps.delete(tmp);
      await rm(tmp, { force: true });
    }
  };

  return {
    description: `oci:${dir}${tag !== undefined ? ':' + tag : ''}`,
    async hasBlob(desc) {
      return (await fileSize(blobPath(dir, desc.digest))) === desc.size;
    },
    putBlob: putVerified,
    async putManifest(m: ManifestBlob, { root: isRoot }, signal) {
      verifyBytes(m.bytes, m.digest, `manifest for oci:${dir}`);
      const desc = { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
      await putVerified(desc, Readable.from([Buffer.from(m.bytes)]), signal);
      if (isRoot) root = desc;
    },
    async commit() {
      if (root === undefined) throw new OciError('LAYOUT_INVALID', `oci:${dir}: nothing to commit`);
      await mkdir(dir, { recursive: true });
      if ((await fileSize(join(dir, LAYOUT_FILE))) === undefined) {
        await writeAtomically(
          join(dir, LAYOUT_FILE),
          JSON.stringify({ imageLayoutVersion: LAYOUT_VERSION }),
        );
      }
      const index = await currentIndex(dir);
      const entry: Descriptor =
        tag === undefined ? root : { ...root, annotations: { [ANNOTATION_REF_NAME]: tag } };
      const next: ImageIndex = {
        ...index,
        manifests: [...index.manifests.filter((d) => !replaces(d, entry, tag)), entry],
      };
      await writeAtomically(join(dir, INDEX_FILE), JSON.stringify(next));
    },
    async abort() {
      await Promise.all([...temps].map((t) => rm(t, { force: true })));
    },
  };
}

async function currentIndex(dir: string): Promise<ImageIndex> {
  if ((await fileSize(join(dir, INDEX_FILE))) === undefined) {
    return { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] };
  }
  return readIndexJson(dir);
}

// A tagged entry replaces the entry holding its name; an untagged one replaces an untagged
// entry for the same digest (so repeating a copy does not grow index.json).
function replaces(old: Descriptor, entry: Descriptor, tag: string | undefined): boolean {
  const oldName = old.annotations?.[ANNOTATION_REF_NAME];
  if (tag !== undefined) return oldName === tag;
  return oldName === undefined && old.digest === entry.digest;
}
