import type { Readable } from 'node:stream';
import {
  LIMITS,
  isSigilError,
  noEvents,
  systemClock,
  type Clock,
  type EventSink,
} from '../../core/index.ts';
import type { Descriptor, ManifestBlob } from '../types.ts';
import { OciError } from '../errors.ts';
import { Authenticator, repositoryScope, type CredentialLookup } from './auth.ts';
import { fetchBlob, hasBlob } from './blobs.ts';
import { deleteByDigest } from './delete.ts';
import type { RegistryContext, Repo } from './context.ts';
import { findCredential, type Credential } from './credentials.ts';
import { INSECURE_REGISTRIES_ENV, parseInsecureList, registryBaseUrl } from './endpoint.ts';
import type { FetchLike, HttpRequest, HttpResponse, HttpSettings } from './http.ts';
import {
  getManifest,
  headManifest,
  putManifest,
  type ManifestHead,
  type PutManifestResult,
} from './manifests.ts';
import { listReferrers } from './referrers.ts';
import { pushReferrer } from './referrers-push.ts';
import { listTags } from './tags.ts';
import { mountBlob, uploadBlob } from './uploads.ts';

export interface RegistryClientOptions {
  readonly fetch?: FetchLike;
  readonly clock?: Clock;
  /** Connect plus response headers, per request; default LIMITS.requestTimeoutMs. */
  readonly timeoutMs?: number;
  /** Longest pause inside a response body; default LIMITS.requestTimeoutMs. */
  readonly idleTimeoutMs?: number;
  /** Attempts per request on 429/5xx/dropped connections; default 4. */
  readonly maxAttempts?: number;
  /** Registries (`host[:port]`) reached over plain HTTP besides loopback ones. */
  readonly insecureRegistries?: readonly string[];
  /** Explicit credentials, used for every registry this client talks to. */
  readonly username?: string;
  readonly password?: string;
  /** Replaces the lookup in auth.json / Docker config (e.g. in tests). */
  readonly credentials?: CredentialLookup;
  /** Environment for credential files, helpers and SIGIL_INSECURE_REGISTRIES; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Home directory holding `.docker/config.json`. */
  readonly home?: string;
  readonly maxPages?: number;
  /** Upload chunk size in bytes; a blob up to this size goes in one request. Default 8 MiB. */
  readonly chunkSize?: number;
  readonly events?: EventSink;
}

const DEFAULT_CHUNK = 8 * 1024 * 1024;

/**
 * A client for registries speaking the OCI distribution spec 1.1 / Docker registry v2 API.
 * Every method takes the repository it works on, so one client (and its token cache) serves
 * many registries.
 *
 * @example
 *   const client = new RegistryClient();
 *   const m = await client.getManifest(parseReference('127.0.0.1:5000/app:1'));
 */
export class RegistryClient {
  readonly #ctx: RegistryContext;
  readonly #auth: Authenticator;
  readonly #insecure: readonly string[];

  constructor(opts: RegistryClientOptions = {}) {
    const env = opts.env ?? process.env;
    const http: HttpSettings = {
      fetch: opts.fetch ?? ((input, init) => fetch(input, init)),
      clock: opts.clock ?? systemClock,
      timeoutMs: opts.timeoutMs ?? LIMITS.requestTimeoutMs,
      idleTimeoutMs: opts.idleTimeoutMs ?? LIMITS.requestTimeoutMs,
      maxAttempts: Math.max(1, opts.maxAttempts ?? 4),
      events: opts.events ?? noEvents,
    };
    this.#insecure = [
      ...(opts.insecureRegistries ?? []),
      ...parseInsecureList(env[INSECURE_REGISTRIES_ENV]),
    ];
    this.#auth = new Authenticator(http, credentialLookup(opts, env));
    this.#ctx = {
      url: (repo, path) => new URL(`/v2/${repo.repository}/${path}`, this.baseUrl(repo.registry)),
      request: (repo, req, o) => this.#request(repo, req, o),
      maxPages: opts.maxPages ?? LIMITS.maxPages,
      chunkSize: Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK),
      events: opts.events ?? noEvents,
    };
  }

  /** `http(s)://host[:port]` serving `registry`'s API. */
  baseUrl(registry: string): URL {
    return registryBaseUrl(registry, this.#insecure);
  }

  #request(
    repo: Repo,
    req: HttpRequest,
    o?: { push?: boolean; extraScopes?: readonly string[] },
  ): Promise<HttpResponse> {
    const scopes = [
      repositoryScope(repo.repository, o?.push ? 'pull,push' : 'pull'),
      ...(o?.extraScopes ?? []),
    ];
    return this.#auth.send(repo.registry, req, scopes);
  }

  /** A manifest by tag or digest (`reference` defaults to the Reference's digest, then tag). */
  getManifest(
    repo: Repo & { tag?: string; digest?: string },
    reference?: string,
    signal?: AbortSignal,
  ): Promise<ManifestBlob> {
    return getManifest(this.#ctx, repo, reference ?? pick(repo), signal);
  }

  headManifest(
    repo: Repo & { tag?: string; digest?: string },
    reference?: string,
    signal?: AbortSignal,
  ): Promise<ManifestHead | undefined> {
    return headManifest(this.#ctx, repo, reference ?? pick(repo), signal);
  }

  /**
   * The digest a tag points to now: HEAD (no body, no pull counted by Docker Hub), falling
   * back to GET for registries whose HEAD omits Docker-Content-Digest. MANIFEST_UNKNOWN when
   * there is none.
   */
  async resolveDigest(
    ref: Repo & { tag?: string; digest?: string },
    signal?: AbortSignal,
  ): Promise<string> {
    let head: ManifestHead | undefined | null;
    try {
      head = await headManifest(this.#ctx, ref, pick(ref), signal);
    } catch (err) {
      if (!isSigilError(err, 'REGISTRY_ERROR')) throw err;
      head = null;
    }
    if (head === undefined) {
      throw new OciError(
        'MANIFEST_UNKNOWN',
        `manifest ${ref.registry}/${ref.repository}:${pick(ref)} not found`,
      );
    }
    return head?.digest ?? (await getManifest(this.#ctx, ref, pick(ref), signal)).digest;
  }

  /**
   * Store a manifest whose `subject` names another, keeping the `sha256-<hex>` referrers index
   * up to date on registries without the referrers API.
   */
  pushReferrer(repo: Repo, manifest: ManifestBlob, signal?: AbortSignal): Promise<void> {
    return pushReferrer(this.#ctx, repo, manifest, signal);
  }

  /** Store a manifest under `reference` (a tag, or its digest when omitted). */
  putManifest(
    repo: Repo,
    manifest: ManifestBlob,
    reference?: string,
    signal?: AbortSignal,
  ): Promise<PutManifestResult> {
    return putManifest(this.#ctx, repo, manifest, reference ?? manifest.digest, signal);
  }

  deleteManifest(repo: Repo, digest: string, signal?: AbortSignal): Promise<void> {
    return deleteByDigest(this.#ctx, repo, 'manifests', digest, signal);
  }

  fetchBlob(repo: Repo, desc: Descriptor, signal?: AbortSignal): Promise<Readable> {
    return fetchBlob(this.#ctx, repo, desc, signal);
  }

  hasBlob(repo: Repo, desc: Descriptor, signal?: AbortSignal): Promise<boolean> {
    return hasBlob(this.#ctx, repo, desc, signal);
  }

  uploadBlob(repo: Repo, desc: Descriptor, data: Readable, signal?: AbortSignal): Promise<void> {
    return uploadBlob(this.#ctx, repo, desc, data, signal);
  }

  /** Link a blob from repository `from` on the same registry; false when the registry declines. */
  mountBlob(repo: Repo, desc: Descriptor, from: string, signal?: AbortSignal): Promise<boolean> {
    return mountBlob(this.#ctx, repo, desc, from, signal);
  }

  deleteBlob(repo: Repo, digest: string, signal?: AbortSignal): Promise<void> {
    return deleteByDigest(this.#ctx, repo, 'blobs', digest, signal);
  }

  listTags(repo: Repo, signal?: AbortSignal): Promise<string[]> {
    return listTags(this.#ctx, repo, signal);
  }

  listReferrers(
    repo: Repo,
    digest: string,
    opts: { artifactType?: string } = {},
    signal?: AbortSignal,
  ): Promise<Descriptor[]> {
    return listReferrers(this.#ctx, repo, digest, opts, signal);
  }
}

function pick(ref: { tag?: string; digest?: string }): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

function credentialLookup(
  opts: RegistryClientOptions,
  env: Readonly<Record<string, string | undefined>>,
): CredentialLookup {
  if (opts.username !== undefined && opts.password !== undefined) {
    const explicit: Credential = {
      kind: 'basic',
      username: opts.username,
      password: opts.password,
    };
    return () => Promise.resolve(explicit);
  }
  if (opts.credentials !== undefined) return opts.credentials;
  return (registry) =>
    findCredential(registry, { env, ...(opts.home !== undefined ? { home: opts.home } : {}) });
}
