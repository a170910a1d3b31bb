import {
  OciError,
  digestOf,
  verifyBytes,
  type Descriptor,
  type ManifestBlob,
} from '../../oci/index.ts';

/**
 * Where signature and attestation manifests live: one repository of a registry, an OCI layout,
 * or memory. The lead wires the registry client behind this; the signing code needs nothing
 * more. Tags are cosign's `sha256-<hex>.sig|.att|.sbom`.
 */
export interface ArtifactStore {
  /** The manifest a tag points at, or undefined when the tag does not exist. */
  getManifestByTag(tag: string): Promise<ManifestBlob | undefined>;
  /** Blob bytes; implementations refuse more than `maxBytes` (BLOB_TOO_LARGE). */
  getBlobBytes(desc: Descriptor, maxBytes: number): Promise<Uint8Array>;
  putBlob(desc: Descriptor, bytes: Uint8Array): Promise<void>;
  putManifest(tag: string, manifest: ManifestBlob): Promise<void>;
}

/** An ArtifactStore in memory, for tests and for composing artifacts before pushing them. */
export class MemoryArtifactStore implements ArtifactStore {
  readonly blobs = new Map<string, Uint8Array>();
  readonly manifests = new Map<string, ManifestBlob>();
  readonly tags = new Map<string, string>();

  getManifestByTag(tag: string): Promise<ManifestBlob | undefined> {
    const digest = this.tags.get(tag);
    return Promise.resolve(digest === undefined ? undefined : this.manifests.get(digest));
  }

  getBlobBytes(desc: Descriptor, maxBytes: number): Promise<Uint8Array> {
    const bytes = this.blobs.get(desc.digest);
    if (bytes === undefined) {
      return Promise.reject(new OciError('BLOB_UNKNOWN', `blob ${desc.digest} not found`));
    }
    if (bytes.length > maxBytes) {
      return Promise.reject(
        new OciError(
          'BLOB_TOO_LARGE',
          `blob ${desc.digest}: ${bytes.length} bytes, limit ${maxBytes}`,
        ),
      );
    }
    return Promise.resolve(bytes);
  }

  putBlob(desc: Descriptor, bytes: Uint8Array): Promise<void> {
    verifyBytes(bytes, desc.digest, 'blob');
    this.blobs.set(desc.digest, Uint8Array.from(bytes));
    return Promise.resolve();
  }

  putManifest(tag: string, manifest: ManifestBlob): Promise<void> {
    verifyBytes(manifest.bytes, manifest.digest, 'manifest');
    this.manifests.set(manifest.digest, manifest);
    this.tags.set(tag, manifest.digest);
    return Promise.resolve();
  }
}

/** A descriptor for bytes about to be stored. */
export function describe(
  mediaType: string,
  bytes: Uint8Array,
  annotations?: Readonly<Record<string, string>>,
): Descriptor {
  return {
    mediaType,
    digest: digestOf(bytes),
    size: bytes.length,
    ...(annotations !== undefined && { annotations }),
  };
}
