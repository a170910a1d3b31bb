import { OciError } from '../errors.ts';
import type { HttpResponse } from './http.ts';

/**
 * The next page named by a `Link: <url>; rel="next"` header (RFC 8288, distribution spec
 * §"Listing Tags"), resolved against the current URL. It must stay on the same registry.
 */
export function nextPage(resp: HttpResponse, what: string): URL | undefined {
  const link = resp.headers.get('link');
  if (link === null) return undefined;
  for (const part of link.slice(0, 8192).split(',')) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m === null || !/\brel\s*=\s*"?next"?/i.test(m[2]!)) continue;
    const url = new URL(m[1]!, resp.url);
    if (url.origin !== resp.url.origin) {
      throw new OciError('REGISTRY_ERROR', `${what}: next page on another host (${url.host})`);
    }
    return url;
  }
  return undefined;
}

/** Guard for paginated listings: bounded page count, no page visited twice. */
export class PageGuard {
  readonly #seen = new Set<string>();
  readonly #max: number;
  readonly #what: string;

  constructor(max: number, what: string) {
    this.#max = max;
    this.#what = what;
  }

  visit(url: URL): void {
    if (this.#seen.size >= this.#max) {
      throw new OciError('PAGINATION_LIMIT', `${this.#what}: more than ${this.#max} pages`);
    }
    if (this.#seen.has(url.href)) {
      throw new OciError(
        'PAGINATION_LIMIT',
        `${this.#what}: registry links back to a page already read`,
      );
    }
    this.#seen.add(url.href);
  }
}
