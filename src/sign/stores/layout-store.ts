import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createReadStream, existsSync } from 'node:fs';
import { isSigilError } from '../../core/index.ts';
import {
  OciError,
  createOciLayoutDestination,
  openOciLayout,
  parseDigest,
  verifyBytes,
  type Descriptor,
  type ManifestBlob,
} from '../../oci/index.ts';
import type { ArtifactStore } from '../artifacts/store.ts';
import { checkBlobSize, readStreamBounded } from './read-bounded.ts';

/**
 * Cosign's artifacts in an OCI image layout (`oci:DIR`): each `sha256-<hex>.sig|.att|.sbom`
 * tag is an `org.opencontainers.image.ref.name` in index.json, beside the image's own names.
 *
 * @example const store = new OciLayoutArtifactStore('./layout');
 */
export class OciLayoutArtifactStore implements ArtifactStore {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async getManifestByTag(tag: string): Promise<ManifestBlob | undefined> {
    // A layout not created yet holds no artifacts.
    if (!existsSync(join(this.#dir, 'oci-layout'))) return undefined;
    try {
      const src = await openOciLayout(this.#dir, { tag });
      return await src.getManifest();
    } catch (err) {
      if (isSigilError(err, 'MANIFEST_UNKNOWN')) return undefined;
      throw err;
    }
  }

  async getBlobBytes(desc: Descriptor, maxBytes: number): Promise<Uint8Array> {
    checkBlobSize(desc, maxBytes);
    const stream = createReadStream(this.#blobPath(desc.digest));
    try {
      return await readStreamBounded(stream, desc, maxBytes);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new OciError('BLOB_UNKNOWN', `oci:${this.#dir}: no blob ${desc.digest}`);
      }
      throw err;
    }
  }

  async putBlob(desc: Descriptor, bytes: Uint8Array): Promise<void> {
    verifyBytes(bytes, desc.digest, 'blob');
    const file = this.#blobPath(desc.digest);
    await mkdir(dirname(file), { recursive: true });
    const tmp = join(this.#dir, `.sigil-tmp-${randomBytes(8).toString('hex')}`);
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async putManifest(tag: string, manifest: ManifestBlob): Promise<void> {
    const dst = await createOciLayoutDestination(this.#dir, { tag });
    try {
      await dst.putManifest(manifest, { root: true });
      await dst.commit();
    } catch (err) {
      await dst.abort();
      throw err;
    }
  }

  // The digest is validated first, so no path leaves the layout.
  #blobPath(digest: string): string {
    const { algorithm, hex } = parseDigest(digest);
    return join(this.#dir, 'blobs', algorithm, hex);
  }
}
