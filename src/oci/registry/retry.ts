import type { Clock } from '../../core/index.ts';

const BASE_DELAY_MS = 250;
/** Ceiling on any single wait, including one a registry asks for in Retry-After. */
export const MAX_RETRY_DELAY_MS = 30_000;

/** 429 and the 5xx statuses that mean "try again later" (RFC 9110 §15.6). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * How long to wait before attempt `attempt + 1`: the registry's Retry-After (seconds or an
 * HTTP date, RFC 9110 §10.2.3) when it gave one, else exponential backoff; both capped.
 */
export function retryDelayMs(attempt: number, retryAfter: string | null, clock: Clock): number {
  const asked = parseRetryAfter(retryAfter, clock);
  const backoff = BASE_DELAY_MS * 2 ** Math.min(attempt - 1, 10);
  return Math.min(asked ?? backoff, MAX_RETRY_DELAY_MS);
}

function parseRetryAfter(value: string | null, clock: Clock): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - clock.now().getTime());
}
