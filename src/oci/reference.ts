import { OciError } from './errors.ts';
import { isDigest } from './digest.ts';

/**
 * A normalized image reference. `registry` is the name users write (`docker.io`, `ghcr.io`,
 * `127.0.0.1:5000`, `[::1]:5000`); `registryEndpoint()` gives the host actually contacted.
 */
export interface Reference {
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export const DOCKER_HUB = 'docker.io';
/** The host serving docker.io's registry API (docker.io itself only redirects). */
export const DOCKER_HUB_ENDPOINT = 'registry-1.docker.io';
const LEGACY_DOCKER_HUB = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
const DEFAULT_TAG = 'latest';
/** distribution/reference NameTotalLengthMax, applied to the repository path as it does. */
const NAME_MAX = 255;
const INPUT_MAX = 4096;

// The grammar of distribution/reference (regexp.go), anchored piece by piece.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const IPV6 = '\\[[a-fA-F0-9:]+\\]';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|${IPV6})`;
const DOMAIN_RE = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;

function invalid(input: string, why: string): OciError {
  return new OciError(
    'NAME_INVALID',
    `invalid image reference ${JSON.stringify(input.slice(0, 300))}: ${why}`,
  );
}

/**
 * Parse and normalize an image reference the way `docker pull` does (distribution/reference
 * ParseDockerRef minus dropping the tag): `alpine` → docker.io/library/alpine:latest. A reference
 * with a digest keeps a tag only when one was written (`name:tag@digest`). Throws NAME_INVALID.
 *
 * @example parseReference('127.0.0.1:5000/app@sha256:…') // { registry: '127.0.0.1:5000', repository: 'app', digest: 'sha256:…' }
 */
export function parseReference(input: string): Reference {
  if (input.length === 0) throw invalid(input, 'empty name');
  if (input.length > INPUT_MAX) throw invalid(input, `longer than ${INPUT_MAX} characters`);
  if (IDENTIFIER_RE.test(input)) {
    throw invalid(input, 'a 64-character hexadecimal string is an image ID, not a name');
  }
  const { rest: named, digest } = splitDigest(input);
  const { rest: name, tag } = splitTag(named, input);
  const { registry, repository } = splitRegistry(name, input);
  if (repository.length > NAME_MAX) {
    throw invalid(input, `repository path longer than ${NAME_MAX} characters`);
  }
  const ref: Reference = { registry, repository };
  if (tag !== undefined) return digest === undefined ? { ...ref, tag } : { ...ref, tag, digest };
  return digest === undefined ? { ...ref, tag: DEFAULT_TAG } : { ...ref, digest };
}

function splitDigest(input: string): { rest: string; digest?: string } {
  const at = input.indexOf('@');
  if (at < 0) return { rest: input };
  const digest = input.slice(at + 1);
  if (!isDigest(digest)) {
    throw invalid(input, 'digest must be sha256:<64 hex> or sha512:<128 hex>');
  }
  return { rest: input.slice(0, at), digest };
}

// The tag follows the last ':' that comes after the last '/' (a ':' before it is a port).
function splitTag(named: string, input: string): { rest: string; tag?: string } {
  const colon = named.lastIndexOf(':');
  if (colon < 0 || colon < named.lastIndexOf('/') || named.endsWith(']')) return { rest: named };
  const tag = named.slice(colon + 1);
  if (!TAG_RE.test(tag)) {
    throw invalid(input, `tag ${JSON.stringify(tag)} must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`);
  }
  return { rest: named.slice(0, colon), tag };
}

// distribution/reference splitDockerDomain: the first component is a registry when it holds
// '.' or ':', is 'localhost', or has uppercase letters; otherwise the name is on Docker Hub.
function splitRegistry(name: string, input: string): { registry: string; repository: string } {
  if (name.length === 0) throw invalid(input, 'empty name');
  const slash = name.indexOf('/');
  let registry = DOCKER_HUB;
  let repository = name;
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) {
      registry = first === LEGACY_DOCKER_HUB ? DOCKER_HUB : first;
      repository = name.slice(slash + 1);
    }
  }
  if (!DOMAIN_RE.test(registry))
    throw invalid(input, `bad registry host ${JSON.stringify(registry)}`);
  if (repository.toLowerCase() !== repository) {
    throw invalid(input, `repository name ${JSON.stringify(repository)} must be lowercase`);
  }
  if (!PATH_RE.test(repository)) {
    throw invalid(
      input,
      'repository path components must be lowercase letters and digits separated by ".", "_", "__" or "-"',
    );
  }
  if (registry === DOCKER_HUB && !repository.includes('/'))
    repository = OFFICIAL_PREFIX + repository;
  return { registry, repository };
}

/** The canonical string: `docker.io/library/alpine:latest`, `host:5000/app:1@sha256:…`. */
export function formatReference(ref: Reference): string {
  return `${ref.registry}/${ref.repository}${suffix(ref)}`;
}

/** The short form Docker prints: `alpine:latest`, `user/app:1`, `ghcr.io/o/app@sha256:…`. */
export function familiarName(ref: Reference): string {
  if (ref.registry !== DOCKER_HUB) return formatReference(ref);
  const path = ref.repository.startsWith(OFFICIAL_PREFIX)
    ? ref.repository.slice(OFFICIAL_PREFIX.length)
    : ref.repository;
  return `${path.includes('/') ? ref.repository : path}${suffix(ref)}`;
}

function suffix(ref: Reference): string {
  return `${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
}

/** The host:port serving the registry API for a reference's registry name. */
export function registryEndpoint(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_ENDPOINT : registry;
}

/** True for a well-formed tag (distribution/reference tag grammar). */
export function isTag(s: string): boolean {
  return TAG_RE.test(s);
}
