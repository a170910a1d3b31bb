import { isSigilError } from '../core/index.ts';
import { isDigest, parseReference } from '../oci/index.ts';
import { PinError } from './errors.ts';

/**
 * An image reference split into name, tag and digest.
 *
 * The name stays as written (`nginx`, not `docker.io/library/nginx`) so that pinning changes
 * nothing but the tag and digest; validity is judged by the full grammar (src/oci
 * `parseReference`).
 */
export interface SplitReference {
  /** Repository as written, with its registry if one was written (`nginx`, `ghcr.io/a/b`). */
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

// distribution/reference grammar, loosely: tag is [\w][\w.-]{0,127}.
const TAG_RE = /^\w[\w.-]{0,127}$/;
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9._\-/:]{0,254}$/;
const ALGO_HEX_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/**
 * Split `name[:tag][@digest]`. Throws PIN_REFERENCE_INVALID on malformed input.
 *
 * @example splitReference('ghcr.io/a/b:1.2@sha256:…') // { name: 'ghcr.io/a/b', tag: '1.2', digest: 'sha256:…' }
 */
export function splitReference(reference: string): SplitReference {
  const fail = (why: string): never => {
    throw new PinError(
      'PIN_REFERENCE_INVALID',
      `invalid image reference ${JSON.stringify(reference.slice(0, 300))}: ${why}`,
    );
  };
  if (reference.length === 0 || reference.length > 1024) fail('must be 1 to 1024 characters');
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!ALGO_HEX_RE.test(digest)) fail('malformed digest');
    if (!isDigest(digest)) fail('digest is not a well-formed sha256 or sha512 digest');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon + 1).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) fail('malformed tag');
  }
  if (!NAME_RE.test(rest) || rest.includes('//') || rest.endsWith('/')) fail('malformed name');
  try {
    parseReference(reference);
  } catch (err) {
    if (isSigilError(err)) fail(err.message);
    throw err;
  }
  return { name: rest, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/**
 * The repository in canonical form, so `nginx` and `docker.io/library/nginx` compare equal
 * (docker's normalization, from src/oci `parseReference`).
 */
export function normalizeRepository(name: string): string {
  const ref = parseReference(name);
  return `${ref.registry}/${ref.repository}`;
}

/** `name[:tag][@digest]`. */
export function formatReference(ref: SplitReference): string {
  return `${ref.name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}
