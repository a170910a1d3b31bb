import { LIMITS } from '../../core/index.ts';
import { digestOf, isDigest, parseDigest, verifyBytes } from '../digest.ts';
import { OciError } from '../errors.ts';
import { MANIFEST_MEDIA_TYPES } from '../media-types.ts';
import type { ManifestBlob } from '../types.ts';
import { DOCKER_CONTENT_DIGEST, OCI_SUBJECT } from './constants.ts';
import type { RegistryContext, Repo } from './context.ts';
import { discard, readBounded } from './body.ts';
import { responseError } from './registry-errors.ts';

/** Every manifest and index type Sigil reads, as distribution spec §"Pulling manifests" asks. */
export const MANIFEST_ACCEPT = MANIFEST_MEDIA_TYPES.join(', ');

export interface ManifestHead {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

/**
 * Fetch a manifest by tag or digest: at most LIMITS.manifestBytes, media type one Sigil knows,
 * bytes hashed against the digest asked for and against Docker-Content-Digest.
 */
export async function getManifest(
  ctx: RegistryContext,
  repo: Repo,
  reference: string,
  signal?: AbortSignal,
): Promise<ManifestBlob> {
  const what = `manifest ${repo.registry}/${repo.repository}:${reference}`;
  const resp = await ctx.request(repo, {
    method: 'GET',
    url: ctx.url(repo, `manifests/${reference}`),
    headers: { accept: MANIFEST_ACCEPT },
    ...(signal ? { signal } : {}),
  });
  if (resp.status !== 200) throw await responseError(resp, what, 'MANIFEST_UNKNOWN');
  const bytes = await readBounded(resp, LIMITS.manifestBytes, 'MANIFEST_TOO_LARGE', what);
  const mediaType = manifestMediaType(bytes, resp.headers.get('content-type'), what);
  const digest = verifiedDigest(bytes, reference, resp.headers.get(DOCKER_CONTENT_DIGEST), what);
  return { bytes, mediaType, digest };
}

function verifiedDigest(bytes: Uint8Array, reference: string, header: string | null, what: string) {
  if (isDigest(reference)) verifyBytes(bytes, reference, what);
  if (header !== null && header !== '') {
    if (!isDigest(header))
      throw new OciError('DIGEST_INVALID', `${what}: bad Docker-Content-Digest`);
    verifyBytes(bytes, header, `${what} (Docker-Content-Digest)`);
  }
  return isDigest(reference) ? reference : digestOf(bytes);
}

/**
 * The media type of a manifest: the Content-Type, checked against the document's own
 * `mediaType` when it has one (OCI image spec §manifest: they must agree).
 */
export function manifestMediaType(
  bytes: Uint8Array,
  contentType: string | null,
  what: string,
): string {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw new OciError('MANIFEST_INVALID', `${what}: not JSON`, { cause: err });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new OciError('MANIFEST_INVALID', `${what}: not a JSON object`);
  }
  const declared = (doc as { mediaType?: unknown }).mediaType;
  const header = contentType?.split(';')[0]?.trim().toLowerCase();
  const known = (t: unknown): t is string =>
    typeof t === 'string' && MANIFEST_MEDIA_TYPES.includes(t);
  if (known(header)) {
    if (typeof declared === 'string' && declared !== header) {
      throw new OciError(
        'MANIFEST_INVALID',
        `${what}: served as ${header} but declares ${declared}`,
      );
    }
    return header;
  }
  if (known(declared)) return declared;
  const shown = header ?? (typeof declared === 'string' ? declared : 'none');
  throw new OciError(
    'MEDIA_TYPE_UNSUPPORTED',
    `${what}: media type ${JSON.stringify(shown.slice(0, 100))} is not a manifest or index`,
  );
}

/** HEAD a manifest: its digest, type and size, or undefined when the registry has none. */
export async function headManifest(
  ctx: RegistryContext,
  repo: Repo,
  reference: string,
  signal?: AbortSignal,
): Promise<ManifestHead | undefined> {
  const what = `manifest ${repo.registry}/${repo.repository}:${reference}`;
  const resp = await ctx.request(repo, {
    method: 'HEAD',
    url: ctx.url(repo, `manifests/${reference}`),
    headers: { accept: MANIFEST_ACCEPT },
    ...(signal ? { signal } : {}),
  });
  await discard(resp);
  if (resp.status === 404) return undefined;
  if (resp.status !== 200) throw await responseError(resp, what, 'MANIFEST_UNKNOWN');
  const digest = resp.headers.get(DOCKER_CONTENT_DIGEST) ?? (isDigest(reference) ? reference : '');
  if (!isDigest(digest))
    throw new OciError('REGISTRY_ERROR', `${what}: HEAD gave no Docker-Content-Digest`);
  if (isDigest(reference) && digest !== reference) {
    throw new OciError('DIGEST_MISMATCH', `${what}: registry reports ${digest}`);
  }
  const size = Number(resp.headers.get('content-length') ?? NaN);
  const mediaType = resp.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  return { digest, mediaType, size: Number.isSafeInteger(size) ? size : -1 };
}

/** What a registry said about a stored manifest. */
export interface PutManifestResult {
  /** The `OCI-Subject` header: the registry indexed the manifest's subject itself (spec 1.1). */
  readonly subject?: string;
}

/** PUT a manifest under a tag or its digest; the registry's digest must equal ours. */
export async function putManifest(
  ctx: RegistryContext,
  repo: Repo,
  manifest: ManifestBlob,
  reference: string,
  signal?: AbortSignal,
): Promise<PutManifestResult> {
  verifyBytes(manifest.bytes, manifest.digest, 'manifest to push');
  const what = `push manifest ${repo.registry}/${repo.repository}:${reference}`;
  const resp = await ctx.request(
    repo,
    {
      method: 'PUT',
      url: ctx.url(repo, `manifests/${reference}`),
      headers: { 'content-type': manifest.mediaType },
      body: manifest.bytes,
      ...(signal ? { signal } : {}),
    },
    { push: true },
  );
  if (resp.status !== 201 && resp.status !== 200 && resp.status !== 202) {
    throw await responseError(resp, what, 'NAME_UNKNOWN');
  }
  await discard(resp);
  const stored = resp.headers.get(DOCKER_CONTENT_DIGEST);
  if (stored && parseDigest(manifest.digest).algorithm === 'sha256' && stored !== manifest.digest) {
    throw new OciError(
      'DIGEST_MISMATCH',
      `${what}: registry stored ${stored}, pushed ${manifest.digest}`,
    );
  }
  const subject = resp.headers.get(OCI_SUBJECT);
  return subject ? { subject } : {};
}
