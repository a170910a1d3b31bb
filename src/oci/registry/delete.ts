import { parseDigest } from '../digest.ts';
import type { OciErrorCode } from '../errors.ts';
import { discard } from './body.ts';
import type { RegistryContext, Repo } from './context.ts';
import { responseError } from './registry-errors.ts';

/**
 * DELETE a manifest or blob by digest (distribution spec §"Deleting manifests", §"Deleting
 * blobs"; registries refuse deleting manifests by tag). 202 is the spec's answer, 200 is seen.
 */
export async function deleteByDigest(
  ctx: RegistryContext,
  repo: Repo,
  kind: 'manifests' | 'blobs',
  digest: string,
  signal?: AbortSignal,
): Promise<void> {
  parseDigest(digest);
  const noun = kind === 'blobs' ? 'blob' : 'manifest';
  const unknown: OciErrorCode = kind === 'blobs' ? 'BLOB_UNKNOWN' : 'MANIFEST_UNKNOWN';
  const what = `delete ${noun} ${repo.registry}/${repo.repository}@${digest}`;
  const resp = await ctx.request(
    repo,
    { method: 'DELETE', url: ctx.url(repo, `${kind}/${digest}`), ...(signal ? { signal } : {}) },
    { push: true },
  );
  if (resp.status !== 202 && resp.status !== 200) throw await responseError(resp, what, unknown);
  await discard(resp);
}
