import { isDigest } from '../oci/index.ts';
import { PinError } from './errors.ts';

/**
 * An image reference split into name, tag and digest.
 *
 * A stop-gap: when merging, swap `splitReference` and `normalizeRepository` for the full
 * grammar in src/oci (`parseReference`); the pin domain only needs these three parts.
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
  return { name: rest, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/**
 * The repository in canonical form, so `nginx` and `docker.io/library/nginx` compare equal.
 * Stop-gap like `splitReference` (docker's familiar-name rules).
 */
export function normalizeRepository(name: string): string {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasHost) return `docker.io/${slash < 0 ? 'library/' : ''}${name}`;
  if (first === 'index.docker.io') return `docker.io${name.slice(slash)}`;
  return name;
}

/** `name[:tag][@digest]`. */
export function formatReference(ref: SplitReference): string {
  return `${ref.name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}
