import type { Readable } from 'node:stream';
import { OciError } from '../errors.ts';
import { formatReference, type Reference } from '../reference.ts';
import type { ImageDestination, ImageSource, TagLister } from '../transport.ts';
import type { Descriptor, ManifestBlob } from '../types.ts';
import { RegistryClient, type RegistryClientOptions } from './client.ts';

export interface RegistryImageOptions extends RegistryClientOptions {
  /** Share a client (and its token cache) between source and destination. */
  readonly client?: RegistryClient;
  /**
   * For a destination: the repository blobs are being copied from. When it is on the same
   * registry, `hasBlob` mounts missing blobs from it instead of letting them be uploaded.
   */
  readonly mountFrom?: Reference;
}

/** Reads an image from a registry (ImageSource) and lists the repository's tags. */
export class RegistrySource implements ImageSource, TagLister {
  readonly description: string;
  readonly #ref: Reference;
  readonly #client: RegistryClient;

  constructor(ref: Reference, client: RegistryClient) {
    this.#ref = ref;
    this.#client = client;
    this.description = `docker://${formatReference(ref)}`;
  }

  getManifest(digest?: string, signal?: AbortSignal): Promise<ManifestBlob> {
    return this.#client.getManifest(this.#ref, digest, signal);
  }

  fetchBlob(desc: Descriptor, signal?: AbortSignal): Promise<Readable> {
    return this.#client.fetchBlob(this.#ref, desc, signal);
  }

  listTags(signal?: AbortSignal): Promise<string[]> {
    return this.#client.listTags(this.#ref, signal);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Writes an image to a registry (ImageDestination): blobs already present are skipped, blobs
 * in `mountFrom` on the same registry are mounted, and only the root manifest gets the tag.
 */
export class RegistryDestination implements ImageDestination, TagLister {
  readonly description: string;
  readonly #ref: Reference;
  readonly #client: RegistryClient;
  readonly #mountFrom: string | undefined;

  constructor(ref: Reference, client: RegistryClient, mountFrom?: Reference) {
    this.#ref = ref;
    this.#client = client;
    this.description = `docker://${formatReference(ref)}`;
    const sameRegistry =
      mountFrom?.registry === ref.registry && mountFrom.repository !== ref.repository;
    this.#mountFrom = sameRegistry ? mountFrom.repository : undefined;
  }

  /** True when the blob is there, or was just mounted from `mountFrom`. */
  async hasBlob(desc: Descriptor, signal?: AbortSignal): Promise<boolean> {
    if (await this.#client.hasBlob(this.#ref, desc, signal)) return true;
    if (this.#mountFrom === undefined) return false;
    return this.#client.mountBlob(this.#ref, desc, this.#mountFrom, signal);
  }

  async putBlob(desc: Descriptor, data: Readable, signal?: AbortSignal): Promise<void> {
    if (await this.#client.hasBlob(this.#ref, desc, signal)) {
      data.destroy();
      return;
    }
    await this.#client.uploadBlob(this.#ref, desc, data, signal);
  }

  async putManifest(
    manifest: ManifestBlob,
    opts: { root: boolean },
    signal?: AbortSignal,
  ): Promise<void> {
    const pinned = this.#ref.digest;
    if (opts.root && pinned !== undefined && pinned !== manifest.digest) {
      throw new OciError(
        'DIGEST_MISMATCH',
        `${this.description}: copying ${manifest.digest}, reference pins ${pinned}`,
      );
    }
    const tag = opts.root ? this.#ref.tag : undefined;
    await this.#client.putManifest(this.#ref, manifest, tag ?? manifest.digest, signal);
  }

  listTags(signal?: AbortSignal): Promise<string[]> {
    return this.#client.listTags(this.#ref, signal);
  }

  commit(): Promise<void> {
    return Promise.resolve();
  }
}

/** Open a registry reference for reading. */
export function openRegistrySource(
  ref: Reference,
  opts: RegistryImageOptions = {},
): RegistrySource {
  return new RegistrySource(ref, opts.client ?? new RegistryClient(opts));
}

/** Open a registry reference for writing. */
export function openRegistryDestination(
  ref: Reference,
  opts: RegistryImageOptions = {},
): RegistryDestination {
  return new RegistryDestination(ref, opts.client ?? new RegistryClient(opts), opts.mountFrom);
}

/**
 * Open a registry reference both ways over one client.
 *
 * @example
 *   const { source } = openRegistryImage(parseReference('127.0.0.1:5000/app:1'));
 *   const manifest = await source.getManifest();
 */
export function openRegistryImage(
  ref: Reference,
  opts: RegistryImageOptions = {},
): { source: RegistrySource; destination: RegistryDestination; client: RegistryClient } {
  const client = opts.client ?? new RegistryClient(opts);
  return {
    source: new RegistrySource(ref, client),
    destination: new RegistryDestination(ref, client, opts.mountFrom),
    client,
  };
}
