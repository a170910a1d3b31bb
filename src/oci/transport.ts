import type { Readable } from 'node:stream';
import type { Descriptor, ManifestBlob } from './types.ts';

/**
 * Where images are read from. One implementation per transport (registry, OCI layout,
 * docker archive); everything above (inspect, copy, sbom, sign) speaks only this.
 */
export interface ImageSource {
  /** Human description for messages, e.g. `docker://127.0.0.1:5000/app:1`. */
  readonly description: string;
  /**
   * A manifest or index as stored. Without `digest`, the one the reference names (its tag or
   * digest). Bounded by LIMITS.manifestBytes; the digest is verified.
   */
  getManifest(digest?: string, signal?: AbortSignal): Promise<ManifestBlob>;
  /**
   * The blob's bytes as a stream, verified against `desc.digest` and `desc.size` while it
   * flows: the stream fails with DIGEST_MISMATCH or BLOB_TRUNCATED before it ends.
   */
  fetchBlob(desc: Descriptor, signal?: AbortSignal): Promise<Readable>;
  close(): Promise<void>;
}

/** Where images are written to. Blobs first, then manifests (children before index), then commit. */
export interface ImageDestination {
  readonly description: string;
  hasBlob(desc: Descriptor, signal?: AbortSignal): Promise<boolean>;
  /** Store a blob; the data is verified against `desc` while written. */
  putBlob(desc: Descriptor, data: Readable, signal?: AbortSignal): Promise<void>;
  /**
   * Store a manifest by digest. `root` marks the top manifest of the copy: the destination
   * also gives it the reference's tag (registry tag, OCI ref.name, docker-archive RepoTags).
   */
  putManifest(manifest: ManifestBlob, opts: { root: boolean }, signal?: AbortSignal): Promise<void>;
  /** Make everything written visible (index.json, manifest.json, archive close). */
  commit(): Promise<void>;
  /** Drop whatever was written and not committed (temp files, upload sessions). */
  abort?(): Promise<void>;
}

/** Transports that can list tags. */
export interface TagLister {
  listTags(signal?: AbortSignal): Promise<string[]>;
}
