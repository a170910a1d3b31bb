import { OciError, type OciErrorCode } from '../errors.ts';
import { type HttpResponse } from './http.ts';
import { readBounded, discard } from './body.ts';

/** Registry error bodies are small; more than this is not an error document. */
const ERROR_BODY_LIMIT = 64 * 1024;

// Distribution spec §"Error Codes" names mapped onto ours.
const SPEC_CODES: Readonly<Record<string, OciErrorCode>> = {
  BLOB_UNKNOWN: 'BLOB_UNKNOWN',
  BLOB_UPLOAD_INVALID: 'REGISTRY_ERROR',
  BLOB_UPLOAD_UNKNOWN: 'REGISTRY_ERROR',
  DIGEST_INVALID: 'DIGEST_INVALID',
  MANIFEST_BLOB_UNKNOWN: 'BLOB_UNKNOWN',
  MANIFEST_INVALID: 'MANIFEST_INVALID',
  MANIFEST_UNKNOWN: 'MANIFEST_UNKNOWN',
  MANIFEST_UNVERIFIED: 'MANIFEST_INVALID',
  NAME_INVALID: 'NAME_INVALID',
  NAME_UNKNOWN: 'NAME_UNKNOWN',
  SIZE_INVALID: 'REGISTRY_ERROR',
  TAG_INVALID: 'MANIFEST_INVALID',
  UNAUTHORIZED: 'UNAUTHORIZED',
  DENIED: 'DENIED',
  UNSUPPORTED: 'UNSUPPORTED',
  TOOMANYREQUESTS: 'TOO_MANY_REQUESTS',
};

/**
 * The coded error for a failed response: the spec code from the registry's JSON body when it
 * sent one, else one derived from the status (`notFound` says what a bare 404 means here).
 */
export async function responseError(
  resp: HttpResponse,
  what: string,
  notFound: OciErrorCode = 'NAME_UNKNOWN',
): Promise<OciError> {
  const detail = await readDetail(resp);
  const code = (detail.code && SPEC_CODES[detail.code]) || statusCode(resp.status, notFound);
  const said = detail.message ? `: ${detail.message}` : '';
  return new OciError(code, `${what}: registry answered ${resp.status}${said}`);
}

function statusCode(status: number, notFound: OciErrorCode): OciErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'DENIED';
  if (status === 404) return notFound;
  if (status === 429) return 'TOO_MANY_REQUESTS';
  return 'REGISTRY_ERROR';
}

async function readDetail(resp: HttpResponse): Promise<{ code?: string; message?: string }> {
  if (resp.raw.bodyUsed || resp.raw.body === null) return {};
  try {
    const bytes = await readBounded(resp, ERROR_BODY_LIMIT, 'REGISTRY_ERROR', 'error body');
    const doc = JSON.parse(bytes.toString('utf8')) as unknown;
    const first = (doc as { errors?: unknown }).errors;
    if (!Array.isArray(first) || first.length === 0) return {};
    const e = first[0] as { code?: unknown; message?: unknown };
    return {
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(typeof e.message === 'string' ? { message: printable(e.message) } : {}),
    };
  } catch {
    await discard(resp);
    return {};
  }
}

// A registry's words end up on a terminal: no control characters, bounded length.
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 300);
}
