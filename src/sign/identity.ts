import { SignError } from './errors.ts';

/** A docker reference split the way docker/distribution `reference.ParseNormalizedNamed` does. */
export interface DockerReference {
  /** Registry host, normalized: Docker Hub is `docker.io`. */
  readonly domain: string;
  /** Path inside the registry; Docker Hub single names get `library/`. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/**
 * Parse and normalize a docker reference (`busybox`, `docker.io/library/busybox:1`,
 * `index.docker.io/x/y@sha256:…`, `localhost:5000/a`). PAYLOAD_INVALID when malformed.
 */
export function parseDockerReference(input: string): DockerReference {
  const bad = (why: string): never => {
    throw new SignError(
      'PAYLOAD_INVALID',
      `docker reference ${JSON.stringify(input.slice(0, 200))}: ${why}`,
    );
  };
  if (input.length === 0 || input.length > 1024) bad('length');
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) bad('bad digest');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) bad('bad tag');
  }
  const parts = rest.split('/');
  let domain = 'docker.io';
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    domain = first;
    parts.shift();
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && parts.length === 1) parts.unshift('library');
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) bad('bad repository path');
  return {
    domain,
    path: parts.join('/'),
    ...(tag !== undefined && { tag }),
    ...(digest !== undefined && { digest }),
  };
}

/** `domain/path`, the normalized repository. */
export function repositoryName(ref: DockerReference): string {
  return `${ref.domain}/${ref.path}`;
}

/**
 * The `docker-reference` cosign writes: the repository without tag or digest, spelled as
 * go-containerregistry's `Repository.Name()` spells it (Docker Hub as `index.docker.io`).
 *
 * @example cosignIdentity('busybox:1.36') // 'index.docker.io/library/busybox'
 */
export function cosignIdentity(reference: string): string {
  const ref = parseDockerReference(reference);
  const domain = ref.domain === 'docker.io' ? 'index.docker.io' : ref.domain;
  return `${domain}/${ref.path}`;
}

/** containers/image `signedIdentity` kinds that compare against the image's own reference. */
export type IdentityMatch = 'matchExact' | 'matchRepository' | 'matchRepoDigestOrExact';

/**
 * Whether a payload's `docker-reference` fits the reference the image was pulled by, per
 * containers/image policy semantics (docs/containers-policy.json.5.md):
 * - `matchExact`: same repository and same tag/digest;
 * - `matchRepository`: same repository;
 * - `matchRepoDigestOrExact` (its default): an image named by digest needs the same repository,
 *   one named by tag needs an exact match.
 * cosign itself never checks the identity, only the digest.
 */
export function identityMatches(
  signedIdentity: string,
  imageReference: string,
  match: IdentityMatch,
): boolean {
  let signed: DockerReference;
  let image: DockerReference;
  try {
    signed = parseDockerReference(signedIdentity);
    image = parseDockerReference(imageReference);
  } catch {
    return false;
  }
  const sameRepo = repositoryName(signed) === repositoryName(image);
  const exact = sameRepo && signed.tag === image.tag && signed.digest === image.digest;
  switch (match) {
    case 'matchExact':
      return exact;
    case 'matchRepository':
      return sameRepo;
    case 'matchRepoDigestOrExact':
      return image.digest !== undefined ? sameRepo : exact;
  }
}
