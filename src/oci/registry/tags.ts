import { LIMITS } from '../../core/index.ts';
import { OciError } from '../errors.ts';
import type { RegistryContext, Repo } from './context.ts';
import { readBounded } from './body.ts';
import { nextPage, PageGuard } from './pages.ts';
import { responseError } from './registry-errors.ts';

/** Tags listed past this count are refused rather than held in memory. */
const MAX_TAGS = 100_000;

/**
 * All tags of a repository (distribution spec §"Listing Tags"), following `Link` pages up to
 * `ctx.maxPages` (PAGINATION_LIMIT beyond).
 */
export async function listTags(
  ctx: RegistryContext,
  repo: Repo,
  signal?: AbortSignal,
): Promise<string[]> {
  const what = `tags of ${repo.registry}/${repo.repository}`;
  const guard = new PageGuard(ctx.maxPages, what);
  const tags: string[] = [];
  let url: URL | undefined = ctx.url(repo, 'tags/list');
  while (url !== undefined) {
    guard.visit(url);
    const resp = await ctx.request(repo, { method: 'GET', url, ...(signal ? { signal } : {}) });
    if (resp.status !== 200) throw await responseError(resp, what, 'NAME_UNKNOWN');
    const body = await readBounded(resp, LIMITS.jsonBytes, 'REGISTRY_ERROR', what);
    tags.push(...parseTagPage(body, what));
    if (tags.length > MAX_TAGS)
      throw new OciError('PAGINATION_LIMIT', `${what}: more than ${MAX_TAGS} tags`);
    url = nextPage(resp, what);
  }
  return tags;
}

function parseTagPage(body: Buffer, what: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new OciError('REGISTRY_ERROR', `${what}: reply is not JSON`, { cause: err });
  }
  const tags = (doc as { tags?: unknown } | null)?.tags;
  // distribution answers `"tags": null` for a repository without tags.
  if (tags === null || tags === undefined) return [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) {
    throw new OciError('REGISTRY_ERROR', `${what}: "tags" is not a list of strings`);
  }
  return tags as string[];
}
