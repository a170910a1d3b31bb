import { Readable } from 'node:stream';
import { OciError } from '../errors.ts';
import type { HttpResponse } from './http.ts';

/** Drop a response body without reading it. */
export async function discard(resp: HttpResponse): Promise<void> {
  try {
    await resp.raw.body?.cancel();
  } catch {
    // The connection is going away either way.
  } finally {
    resp.release();
  }
}

/**
 * The body as a stream that fails with TIMEOUT when the registry pauses longer than the idle
 * timeout, so a stalled transfer never hangs its reader.
 */
export function bodyStream(resp: HttpResponse, lost: LostCode = 'REGISTRY_UNREACHABLE'): Readable {
  const body = resp.raw.body;
  if (body === null) {
    resp.release();
    return Readable.from([]);
  }
  const stream = Readable.from(idleBounded(body, resp, lost), { objectMode: false });
  // Destroyed before its first read, the generator never runs its cleanup: do it here.
  stream.once('close', () => {
    if (!body.locked) body.cancel().catch(() => {});
    resp.release();
  });
  return stream;
}

/** What a connection dropped mid-body means to the caller (a cut blob is BLOB_TRUNCATED). */
type LostCode = 'REGISTRY_UNREACHABLE' | 'BLOB_TRUNCATED';

async function* idleBounded(body: ReadableStream<Uint8Array>, resp: HttpResponse, lost: LostCode) {
  const reader = body.getReader();
  try {
    while (true) {
      const chunk = await readWithin(reader, resp, lost);
      if (chunk.done || chunk.value === undefined) return;
      yield Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength);
    }
  } finally {
    reader.cancel().catch(() => {});
    resp.release();
  }
}

async function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  resp: HttpResponse,
  lost: LostCode,
): Promise<{ done: boolean; value?: Uint8Array | undefined }> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new OciError(
        'TIMEOUT',
        `${resp.url.host}${resp.url.pathname}: no data for ${resp.idleTimeoutMs} ms`,
      );
      resp.abort(err);
      reject(err);
    }, resp.idleTimeoutMs);
  });
  try {
    return await Promise.race([reader.read(), idle]);
  } catch (err) {
    if (err instanceof OciError) throw err;
    throw new OciError(
      lost,
      `${resp.url.host}${resp.url.pathname}: connection lost while reading`,
      {
        cause: err,
      },
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The whole body, refused with `code` once it passes `limit` bytes (checked against
 * Content-Length first, then while reading).
 */
export async function readBounded(
  resp: HttpResponse,
  limit: number,
  code: 'MANIFEST_TOO_LARGE' | 'BLOB_TOO_LARGE' | 'REGISTRY_ERROR',
  what: string,
): Promise<Buffer> {
  const tooLarge = () => new OciError(code, `${what}: larger than ${limit} bytes`);
  const declared = Number(resp.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await discard(resp);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of bodyStream(resp)) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      resp.abort(tooLarge());
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
