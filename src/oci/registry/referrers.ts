import { LIMITS } from '../../core/index.ts';
import { isDigest, parseDigest } from '../digest.ts';
import { isSigilError } from '../../core/index.ts';
import { OciError } from '../errors.ts';
import { MEDIA_TYPES } from '../media-types.ts';
import type { Descriptor } from '../types.ts';
import { REFERRERS_TAG_SEPARATOR } from './constants.ts';
import type { RegistryContext, Repo } from './context.ts';
import { discard, readBounded } from './body.ts';
import { getManifest } from './manifests.ts';
import { nextPage, PageGuard } from './pages.ts';
import { responseError } from './registry-errors.ts';

/**
 * The referrers tag scheme (OCI distribution spec 1.1 §"Referrers Tag Schema"):
 * `<alg>-<hex>`, algorithm cut to 32 and encoded part to 64 characters.
 */
export function referrersTag(digest: string): string {
  const { algorithm, hex } = parseDigest(digest);
  return `${algorithm.slice(0, 32)}${REFERRERS_TAG_SEPARATOR}${hex.slice(0, 64)}`;
}

/**
 * Manifests whose `subject` is `digest`: from the referrers API
 * (`/v2/<name>/referrers/<digest>`), or, when the registry answers 404 as registries without
 * that API do, from the index at the `sha256-<hex>` tag. Filtered by `artifactType` here
 * whether or not the registry applied the filter.
 */
export async function listReferrers(
  ctx: RegistryContext,
  repo: Repo,
  digest: string,
  opts: { artifactType?: string } = {},
  signal?: AbortSignal,
): Promise<Descriptor[]> {
  parseDigest(digest);
  const what = `referrers of ${repo.registry}/${repo.repository}@${digest}`;
  const found = await fromApi(ctx, repo, digest, opts.artifactType, what, signal);
  const all = found ?? (await fromTag(ctx, repo, digest, signal));
  return opts.artifactType === undefined
    ? all
    : all.filter((d) => d.artifactType === opts.artifactType);
}

async function fromApi(
  ctx: RegistryContext,
  repo: Repo,
  digest: string,
  artifactType: string | undefined,
  what: string,
  signal?: AbortSignal,
): Promise<Descriptor[] | undefined> {
  const guard = new PageGuard(ctx.maxPages, what);
  let url: URL | undefined = ctx.url(repo, `referrers/${digest}`);
  if (artifactType !== undefined) url.searchParams.set('artifactType', artifactType);
  const out: Descriptor[] = [];
  while (url !== undefined) {
    guard.visit(url);
    const resp = await ctx.request(repo, {
      method: 'GET',
      url,
      headers: { accept: MEDIA_TYPES.ociIndex },
      ...(signal ? { signal } : {}),
    });
    if (resp.status === 404 && out.length === 0) {
      await discard(resp);
      return undefined;
    }
    if (resp.status !== 200) throw await responseError(resp, what, 'NAME_UNKNOWN');
    out.push(
      ...descriptorsOf(
        await readBounded(resp, LIMITS.manifestBytes, 'MANIFEST_TOO_LARGE', what),
        what,
      ),
    );
    url = nextPage(resp, what);
  }
  return out;
}

async function fromTag(
  ctx: RegistryContext,
  repo: Repo,
  digest: string,
  signal?: AbortSignal,
): Promise<Descriptor[]> {
  const tag = referrersTag(digest);
  try {
    const index = await getManifest(ctx, repo, tag, signal);
    return descriptorsOf(index.bytes, `referrers index ${repo.repository}:${tag}`);
  } catch (err) {
    if (isSigilError(err, 'MANIFEST_UNKNOWN') || isSigilError(err, 'NAME_UNKNOWN')) return [];
    throw err;
  }
}

function descriptorsOf(bytes: Uint8Array, what: string): Descriptor[] {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw new OciError('MANIFEST_INVALID', `${what}: not JSON`, { cause: err });
  }
  const manifests = (doc as { manifests?: unknown } | null)?.manifests;
  if (!Array.isArray(manifests))
    throw new OciError('MANIFEST_INVALID', `${what}: no "manifests" list`);
  return manifests.map((m: unknown) => {
    const d = m as Partial<Descriptor> | null;
    const ok =
      typeof d?.mediaType === 'string' &&
      typeof d.digest === 'string' &&
      isDigest(d.digest) &&
      Number.isSafeInteger(d.size) &&
      (d.size ?? -1) >= 0 &&
      (d.artifactType === undefined || typeof d.artifactType === 'string');
    if (!ok) throw new OciError('MANIFEST_INVALID', `${what}: malformed descriptor`);
    return d as Descriptor;
  });
}
