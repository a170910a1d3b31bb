import type { Clock, EventSink } from '../../core/index.ts';
import { OciError } from '../errors.ts';
import { discard } from './body.ts';
import { retryDelayMs, isRetryableStatus } from './retry.ts';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Transport settings, resolved once by the client. */
export interface HttpSettings {
  readonly fetch: FetchLike;
  readonly clock: Clock;
  /** Connect plus response headers, in ms. */
  readonly timeoutMs: number;
  /** Longest pause between two body chunks, in ms. */
  readonly idleTimeoutMs: number;
  /** Attempts for one request when the registry answers 429/5xx or the connection drops. */
  readonly maxAttempts: number;
  /** Retries are reported as `warning` events (code REGISTRY_RETRY). */
  readonly events: EventSink;
}

export interface HttpRequest {
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  /** Bodies are buffers so a retry or redirect can send them again. */
  readonly body?: Uint8Array;
  readonly signal?: AbortSignal;
}

/** A response whose body is still unread; `abort` tears the connection down. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Where the response came from, after redirects. */
  readonly url: URL;
  readonly raw: Response;
  readonly idleTimeoutMs: number;
  abort(reason: unknown): void;
  /** Stop following the caller's abort signal; called once the body is read or dropped. */
  release(): void;
}

const MAX_REDIRECTS = 5;
/** 32 KiB/s: the slowest upload a request body is given time for, beyond the header timeout. */
const SLOW_UPLOAD_BYTES_PER_MS = 32;
/** Connection failures worth another attempt; refused, unresolvable or TLS failures are not. */
const TRANSIENT_NETWORK = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/**
 * One logical request: redirects followed by hand (a redirect to another origin drops
 * Authorization, as RFC 9110 §15.4 leaves to the client and Docker does), and retries with
 * backoff on 429/5xx and dropped connections, honouring Retry-After.
 */
export async function send(http: HttpSettings, req: HttpRequest): Promise<HttpResponse> {
  for (let attempt = 1; ; attempt++) {
    let resp: HttpResponse;
    try {
      resp = await followRedirects(http, req);
    } catch (err) {
      if (attempt >= http.maxAttempts || !isRetryableError(err)) throw err;
      await http.clock.sleep(retryDelayMs(attempt, null, http.clock), req.signal);
      continue;
    }
    if (!isRetryableStatus(resp.status) || attempt >= http.maxAttempts) return resp;
    const delay = retryDelayMs(attempt, resp.headers.get('retry-after'), http.clock);
    await discard(resp);
    http.events({
      kind: 'warning',
      code: 'REGISTRY_RETRY',
      message: `${req.url.host} answered ${resp.status}; retrying in ${delay} ms`,
    });
    await http.clock.sleep(delay, req.signal);
  }
}

async function followRedirects(http: HttpSettings, req: HttpRequest): Promise<HttpResponse> {
  let current = req;
  for (let hops = 0; ; hops++) {
    const resp = await sendOnce(http, current);
    if (![301, 302, 303, 307, 308].includes(resp.status)) return resp;
    const location = resp.headers.get('location');
    await discard(resp);
    if (location === null || hops >= MAX_REDIRECTS) {
      throw new OciError(
        'REGISTRY_ERROR',
        `${req.method} ${req.url.pathname}: too many or broken redirects`,
      );
    }
    current = redirected(current, new URL(location, current.url), resp.status);
  }
}

function redirected(req: HttpRequest, to: URL, status: number): HttpRequest {
  if (req.url.protocol === 'https:' && to.protocol !== 'https:') {
    throw new OciError(
      'INSECURE_REGISTRY',
      `refusing redirect from HTTPS to ${to.protocol}//${to.host}`,
    );
  }
  const headers: Record<string, string> = { ...req.headers };
  if (to.origin !== req.url.origin) {
    for (const k of Object.keys(headers))
      if (k.toLowerCase() === 'authorization') delete headers[k];
  }
  const keepBody = status === 307 || status === 308;
  const method = keepBody || req.method === 'HEAD' ? req.method : 'GET';
  const next: HttpRequest = { method, url: to, headers };
  return {
    ...next,
    ...(keepBody && req.body ? { body: req.body } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
  };
}

async function sendOnce(http: HttpSettings, req: HttpRequest): Promise<HttpResponse> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(req.signal?.reason);
  req.signal?.addEventListener('abort', onAbort, { once: true });
  // The clock runs while the body is sent too: allow for it at a slow uplink's pace.
  const budget = http.timeoutMs + Math.ceil((req.body?.length ?? 0) / SLOW_UPLOAD_BYTES_PER_MS);
  const timeout = new OciError(
    'TIMEOUT',
    `${req.method} ${req.url.host}${req.url.pathname}: no response within ${budget} ms`,
  );
  const timer = setTimeout(() => controller.abort(timeout), budget);
  try {
    const init: RequestInit = {
      method: req.method,
      headers: req.headers ?? {},
      redirect: 'manual',
      signal: controller.signal,
    };
    if (req.body !== undefined) init.body = req.body;
    const raw = await http.fetch(req.url, init);
    return {
      status: raw.status,
      headers: raw.headers,
      url: req.url,
      raw,
      idleTimeoutMs: http.idleTimeoutMs,
      abort: (reason) => controller.abort(reason),
      release: () => req.signal?.removeEventListener('abort', onAbort),
    };
  } catch (err) {
    req.signal?.removeEventListener('abort', onAbort);
    if (controller.signal.reason === timeout) throw timeout;
    if (req.signal?.aborted) throw req.signal.reason;
    throw networkError(err, req);
  } finally {
    clearTimeout(timer);
  }
}

function networkError(err: unknown, req: HttpRequest): OciError {
  const code = causeCode(err);
  const what = `${req.method} ${req.url.host}${req.url.pathname}`;
  return new OciError(
    'REGISTRY_UNREACHABLE',
    `${what}: ${code ?? (err instanceof Error ? err.message : String(err))}`,
    { cause: err },
  );
}

function causeCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = e.cause;
  }
  return undefined;
}

function isRetryableError(err: unknown): boolean {
  if (!(err instanceof OciError) || err.code !== 'REGISTRY_UNREACHABLE') return false;
  const code = causeCode(err.cause);
  return code !== undefined && TRANSIENT_NETWORK.has(code);
}
