import { closeSync, openSync, writeSync } from 'node:fs';
import { VulnDbError } from '../errors.ts';

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** A reply worth reading, or `undefined` for 404 (the mirror does not offer the file). */
async function request(
  fetchImpl: Fetch,
  url: string,
  timeoutMs: number,
): Promise<Response | undefined> {
  let res: Response;
  try {
    res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (err) {
    throw new VulnDbError('DB_UPDATE_FAILED', `cannot download ${url}`, { cause: err });
  }
  if (res.status === 404) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.ok || res.body === null) {
    await res.body?.cancel();
    throw new VulnDbError('DB_UPDATE_FAILED', `downloading ${url} failed: HTTP ${res.status}`);
  }
  return res;
}

async function* chunks(res: Response, url: string, maxBytes: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes)
    throw new VulnDbError('DB_UPDATE_FAILED', `${url} is larger than ${maxBytes} bytes`);
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes)
        throw new VulnDbError('DB_UPDATE_FAILED', `${url} is larger than ${maxBytes} bytes`);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof VulnDbError) throw err;
    throw new VulnDbError('DB_UPDATE_FAILED', `download of ${url} broke off`, { cause: err });
  }
  if (Number.isFinite(declared) && size !== declared) {
    throw new VulnDbError('DB_UPDATE_FAILED', `${url}: got ${size} of ${declared} bytes`);
  }
}

/** Downloads `url` into `file`; false when the mirror answers 404. */
export async function downloadToFile(
  fetchImpl: Fetch,
  url: string,
  file: string,
  limits: { readonly maxBytes: number; readonly timeoutMs: number },
): Promise<boolean> {
  const res = await request(fetchImpl, url, limits.timeoutMs);
  if (res === undefined) return false;
  const fd = openSync(file, 'w');
  try {
    for await (const chunk of chunks(res, url, limits.maxBytes)) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Downloads a small document as text; undefined when the mirror answers 404. */
export async function downloadText(
  fetchImpl: Fetch,
  url: string,
  limits: { readonly maxBytes: number; readonly timeoutMs: number },
): Promise<string | undefined> {
  const res = await request(fetchImpl, url, limits.timeoutMs);
  if (res === undefined) return undefined;
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks(res, url, limits.maxBytes)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}
