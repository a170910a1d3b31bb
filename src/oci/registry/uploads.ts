import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { parseDigest, verifyingStream } from '../digest.ts';
import { OciError } from '../errors.ts';
import type { Descriptor } from '../types.ts';
import { repositoryScope } from './auth.ts';
import { DOCKER_CONTENT_DIGEST, UPLOAD_CONTENT_TYPE } from './constants.ts';
import type { RegistryContext, Repo } from './context.ts';
import { type HttpResponse } from './http.ts';
import { discard } from './body.ts';
import { responseError } from './registry-errors.ts';

/**
 * Upload a blob (distribution spec §"Pushing blobs"). The data passes through a verifying
 * stream and is sent in buffered chunks of `ctx.chunkSize`: one chunk goes as a monolithic
 * POST + PUT, more as POST, PATCH…, PUT with Content-Range. Buffered chunks can be retried,
 * and the final PUT is only sent after the stream proved to match `desc`.
 */
export async function uploadBlob(
  ctx: RegistryContext,
  repo: Repo,
  desc: Descriptor,
  data: Readable,
  signal?: AbortSignal,
): Promise<void> {
  parseDigest(desc.digest);
  const what = `upload blob ${repo.registry}/${repo.repository}@${desc.digest}`;
  const verified = verifyingStream({ digest: desc.digest, size: desc.size }, what);
  pipeline(data, verified, () => {});
  let session: { location: URL; offset: number } | undefined;
  try {
    session = { location: await startUpload(ctx, repo, what, signal), offset: 0 };
    const rest = await sendChunks(ctx, repo, verified, session, what, signal);
    if (session.offset > 0 && rest.length > 0) {
      session.location = await patchChunk(
        ctx,
        repo,
        session.location,
        rest,
        session.offset,
        what,
        signal,
      );
    }
    const body = session.offset > 0 ? undefined : rest;
    await finishUpload(ctx, repo, session.location, desc.digest, body, what, signal);
  } catch (err) {
    verified.destroy();
    if (session !== undefined) await cancelUpload(ctx, repo, session.location, signal);
    throw err;
  }
}

// PATCH every full chunk as it fills; return what is left for the last request.
async function sendChunks(
  ctx: RegistryContext,
  repo: Repo,
  verified: Readable,
  session: { location: URL; offset: number },
  what: string,
  signal?: AbortSignal,
): Promise<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of verified) {
    pending.push(chunk as Buffer);
    pendingBytes += (chunk as Buffer).length;
    while (pendingBytes >= ctx.chunkSize) {
      const all = Buffer.concat(pending);
      const part = all.subarray(0, ctx.chunkSize);
      session.location = await patchChunk(
        ctx,
        repo,
        session.location,
        part,
        session.offset,
        what,
        signal,
      );
      session.offset += part.length;
      pending = [all.subarray(ctx.chunkSize)];
      pendingBytes = all.length - ctx.chunkSize;
    }
  }
  return Buffer.concat(pending);
}

async function startUpload(
  ctx: RegistryContext,
  repo: Repo,
  what: string,
  signal?: AbortSignal,
): Promise<URL> {
  const resp = await ctx.request(
    repo,
    { method: 'POST', url: ctx.url(repo, 'blobs/uploads/'), ...(signal ? { signal } : {}) },
    { push: true },
  );
  if (resp.status !== 202) throw await responseError(resp, what, 'NAME_UNKNOWN');
  await discard(resp);
  return uploadLocation(resp, what);
}

async function patchChunk(
  ctx: RegistryContext,
  repo: Repo,
  location: URL,
  chunk: Buffer,
  offset: number,
  what: string,
  signal?: AbortSignal,
): Promise<URL> {
  const end = offset + chunk.length - 1;
  const resp = await sendPatch(ctx, repo, location, chunk, offset, signal);
  if (resp.status === 416) {
    // The registry holds a different amount than we think (a retried PATCH that had partly
    // landed): ask it where the session stands and resume from there (distribution spec
    // §"Resuming an upload": GET on the session answers 204 with Range: 0-<last byte>).
    await discard(resp);
    return resumeChunk(ctx, repo, location, chunk, offset, what, signal);
  }
  if (resp.status !== 202)
    throw await responseError(resp, `${what} (chunk at ${offset})`, 'NAME_UNKNOWN');
  await discard(resp);
  // The registry states what it holds as Range: 0-<last byte>; anything else lost data.
  const range = resp.headers.get('range');
  if (range !== null && range !== `0-${end}`) {
    throw new OciError('REGISTRY_ERROR', `${what}: registry holds ${range} after sending 0-${end}`);
  }
  return uploadLocation(resp, what);
}

function sendPatch(
  ctx: RegistryContext,
  repo: Repo,
  location: URL,
  chunk: Buffer,
  offset: number,
  signal?: AbortSignal,
): Promise<HttpResponse> {
  return ctx.request(
    repo,
    {
      method: 'PATCH',
      url: location,
      headers: {
        'content-type': UPLOAD_CONTENT_TYPE,
        'content-range': `${offset}-${offset + chunk.length - 1}`,
      },
      body: chunk,
      ...(signal ? { signal } : {}),
    },
    { push: true },
  );
}

// Once per chunk: read the session's state and send only what the registry lacks of `chunk`.
async function resumeChunk(
  ctx: RegistryContext,
  repo: Repo,
  location: URL,
  chunk: Buffer,
  offset: number,
  what: string,
  signal?: AbortSignal,
): Promise<URL> {
  const status = await ctx.request(
    repo,
    { method: 'GET', url: location, ...(signal ? { signal } : {}) },
    { push: true },
  );
  if (status.status !== 204)
    throw await responseError(status, `${what} (upload status)`, 'NAME_UNKNOWN');
  await discard(status);
  const held = /^0-(\d+)$/.exec(status.headers.get('range') ?? '');
  const next = held ? Number(held[1]) + 1 : 0;
  const here = status.headers.get('location') === null ? location : uploadLocation(status, what);
  if (next < offset || next > offset + chunk.length) {
    throw new OciError(
      'REGISTRY_ERROR',
      `${what}: cannot resume: registry holds ${next} bytes, chunk covers ${offset}-${offset + chunk.length - 1}`,
    );
  }
  if (next === offset + chunk.length) return here;
  const rest = chunk.subarray(next - offset);
  const resp = await sendPatch(ctx, repo, here, rest, next, signal);
  if (resp.status !== 202)
    throw await responseError(resp, `${what} (resumed at ${next})`, 'NAME_UNKNOWN');
  await discard(resp);
  return uploadLocation(resp, what);
}

async function finishUpload(
  ctx: RegistryContext,
  repo: Repo,
  location: URL,
  digest: string,
  body: Buffer | undefined,
  what: string,
  signal?: AbortSignal,
): Promise<void> {
  const url = new URL(location);
  url.searchParams.set('digest', digest);
  const headers: Record<string, string> = { 'content-type': UPLOAD_CONTENT_TYPE };
  const resp = await ctx.request(
    repo,
    {
      method: 'PUT',
      url,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(signal ? { signal } : {}),
    },
    { push: true },
  );
  if (resp.status !== 201) throw await responseError(resp, what, 'NAME_UNKNOWN');
  await discard(resp);
  const stored = resp.headers.get(DOCKER_CONTENT_DIGEST);
  if (stored !== null && stored !== digest) {
    throw new OciError('DIGEST_MISMATCH', `${what}: registry stored ${stored}`);
  }
}

/**
 * Cross-repository mount (distribution spec §"Mounting a blob from another repository").
 * True when the registry linked the blob; false when it declined (it then opened an upload,
 * which is cancelled).
 */
export async function mountBlob(
  ctx: RegistryContext,
  repo: Repo,
  desc: Descriptor,
  from: string,
  signal?: AbortSignal,
): Promise<boolean> {
  parseDigest(desc.digest);
  const what = `mount blob ${desc.digest} from ${from} into ${repo.registry}/${repo.repository}`;
  const url = ctx.url(repo, 'blobs/uploads/');
  url.searchParams.set('mount', desc.digest);
  url.searchParams.set('from', from);
  const resp = await ctx.request(
    repo,
    { method: 'POST', url, ...(signal ? { signal } : {}) },
    { push: true, extraScopes: [repositoryScope(from, 'pull')] },
  );
  if (resp.status === 201) {
    await discard(resp);
    return true;
  }
  if (resp.status !== 202) throw await responseError(resp, what, 'NAME_UNKNOWN');
  await discard(resp);
  await cancelUpload(ctx, repo, uploadLocation(resp, what), signal);
  return false;
}

async function cancelUpload(ctx: RegistryContext, repo: Repo, location: URL, signal?: AbortSignal) {
  try {
    const resp = await ctx.request(
      repo,
      { method: 'DELETE', url: location, ...(signal ? { signal } : {}) },
      { push: true },
    );
    await discard(resp);
  } catch {
    // An abandoned upload session expires on the registry by itself.
  }
}

// Location may be relative (distribution spec allows both); it must stay on the registry.
function uploadLocation(resp: HttpResponse, what: string): URL {
  const location = resp.headers.get('location');
  if (location === null)
    throw new OciError('REGISTRY_ERROR', `${what}: no Location for the upload`);
  const url = new URL(location, resp.url);
  if (url.origin !== resp.url.origin) {
    throw new OciError(
      'REGISTRY_ERROR',
      `${what}: upload Location points to another host (${url.host})`,
    );
  }
  return url;
}
