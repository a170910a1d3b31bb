import { Readable } from 'node:stream';
import { isSigilError } from '../../core/index.ts';
import {
  verifyBytes,
  type Descriptor,
  type ManifestBlob,
  type RegistryClient,
  type Repo,
} from '../../oci/index.ts';
import type { ArtifactStore } from '../artifacts/store.ts';
import { checkBlobSize, readStreamBounded } from './read-bounded.ts';

/**
 * Cosign's artifacts in one registry repository (the image's own, as cosign uses by default):
 * `sha256-<hex>.sig|.att|.sbom` tags over a `RegistryClient`.
 *
 * @example
 *   const store = new RegistryArtifactStore(new RegistryClient(), parseReference('r.example/app'));
 *   await signImage(store, { imageDigest, dockerReference: 'r.example/app', key });
 */
export class RegistryArtifactStore implements ArtifactStore {
  readonly #client: RegistryClient;
  readonly #repo: Repo;

  constructor(client: RegistryClient, repo: Repo) {
    this.#client = client;
    this.#repo = { registry: repo.registry, repository: repo.repository };
  }

  async getManifestByTag(tag: string): Promise<ManifestBlob | undefined> {
    try {
      return await this.#client.getManifest(this.#repo, tag);
    } catch (err) {
      // A repository that was never pushed to answers NAME_UNKNOWN for any tag.
      if (isSigilError(err, 'MANIFEST_UNKNOWN') || isSigilError(err, 'NAME_UNKNOWN')) {
        return undefined;
      }
      throw err;
    }
  }

  async getBlobBytes(desc: Descriptor, maxBytes: number): Promise<Uint8Array> {
    checkBlobSize(desc, maxBytes);
    const stream = await this.#client.fetchBlob(this.#repo, desc);
    return readStreamBounded(stream, desc, maxBytes);
  }

  async putBlob(desc: Descriptor, bytes: Uint8Array): Promise<void> {
    verifyBytes(bytes, desc.digest, 'blob');
    if (await this.#client.hasBlob(this.#repo, desc)) return;
    await this.#client.uploadBlob(this.#repo, desc, Readable.from([Buffer.from(bytes)]));
  }

  async putManifest(tag: string, manifest: ManifestBlob): Promise<void> {
    verifyBytes(manifest.bytes, manifest.digest, 'manifest');
    await this.#client.putManifest(this.#repo, manifest, tag);
  }
}
