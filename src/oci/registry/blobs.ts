import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { parseDigest, verifyingStream } from '../digest.ts';
import { OciError } from '../errors.ts';
import type { Descriptor } from '../types.ts';
import type { RegistryContext, Repo } from './context.ts';
import { bodyStream, discard } from './body.ts';
import { responseError } from './registry-errors.ts';

/**
 * Stream a blob, verified against `desc.digest` and `desc.size` while it flows: the stream
 * errors with DIGEST_MISMATCH, BLOB_TRUNCATED or BLOB_TOO_LARGE before it ends, and with
 * TIMEOUT when the registry stalls. Memory stays flat whatever the blob's size.
 */
export async function fetchBlob(
  ctx: RegistryContext,
  repo: Repo,
  desc: Descriptor,
  signal?: AbortSignal,
): Promise<Readable> {
  parseDigest(desc.digest);
  const what = `blob ${repo.registry}/${repo.repository}@${desc.digest}`;
  const resp = await ctx.request(repo, {
    method: 'GET',
    url: ctx.url(repo, `blobs/${desc.digest}`),
    ...(signal ? { signal } : {}),
  });
  if (resp.status !== 200) throw await responseError(resp, what, 'BLOB_UNKNOWN');
  const declared = Number(resp.headers.get('content-length') ?? NaN);
  if (declared > desc.size) {
    await discard(resp);
    throw new OciError(
      'BLOB_TOO_LARGE',
      `${what}: registry sends ${declared} bytes, descriptor says ${desc.size}`,
    );
  }
  const body = bodyStream(resp, 'BLOB_TRUNCATED');
  const verified = verifyingStream({ digest: desc.digest, size: desc.size }, what);
  // pipeline forwards the first error (timeout, truncation, mismatch) to `verified`.
  pipeline(body, verified, () => {});
  return verified;
}

/** HEAD a blob: true when the repository holds it. */
export async function hasBlob(
  ctx: RegistryContext,
  repo: Repo,
  desc: Descriptor,
  signal?: AbortSignal,
): Promise<boolean> {
  parseDigest(desc.digest);
  const what = `blob ${repo.registry}/${repo.repository}@${desc.digest}`;
  const resp = await ctx.request(repo, {
    method: 'HEAD',
    url: ctx.url(repo, `blobs/${desc.digest}`),
    ...(signal ? { signal } : {}),
  });
  await discard(resp);
  if (resp.status === 200) return true;
  if (resp.status === 404) return false;
  throw await responseError(resp, what, 'BLOB_UNKNOWN');
}
