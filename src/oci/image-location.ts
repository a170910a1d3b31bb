import { OciError } from './errors.ts';
import { isDigest } from './digest.ts';

/**
 * Where an image lives, as named on a command line. The transport prefixes follow
 * containers/image (skopeo, podman): `docker://`, `oci:`, `docker-archive:`; a name without a
 * prefix is a registry reference.
 */
export type ImageLocation =
  | { readonly transport: 'registry'; readonly reference: string }
  | {
      readonly transport: 'oci';
      readonly dir: string;
      readonly tag?: string;
      readonly digest?: string;
    }
  | { readonly transport: 'docker-archive'; readonly file: string; readonly reference?: string };

const TAG_RE = /^[\w][\w.-]{0,127}$/;

/**
 * Parse `docker://REF`, `REF`, `oci:DIR[:TAG]`, `oci:DIR@DIGEST`, `docker-archive:FILE[:REF]`.
 * As in containers/image, the path ends at the first `:` after the prefix.
 *
 * @example parseImageLocation('oci:./layout:app') // { transport: 'oci', dir: './layout', tag: 'app' }
 */
export function parseImageLocation(input: string): ImageLocation {
  if (input.length === 0 || input.length > 4096) {
    throw new OciError('TRANSPORT_INVALID', 'image name must be 1 to 4096 characters');
  }
  if (input.startsWith('docker://')) return registry(input.slice('docker://'.length), input);
  if (input.startsWith('oci:')) return ociLayout(input.slice('oci:'.length), input);
  if (input.startsWith('docker-archive:'))
    return dockerArchive(input.slice('docker-archive:'.length), input);
  const prefix = /^([a-z][a-z0-9-]*):(?!\d)/.exec(input)?.[1];
  if (prefix !== undefined && KNOWN_UNSUPPORTED.includes(prefix)) {
    throw new OciError(
      'TRANSPORT_INVALID',
      `transport ${prefix}: is not supported (use docker://, oci: or docker-archive:)`,
    );
  }
  return registry(input, input);
}

const KNOWN_UNSUPPORTED = [
  'dir',
  'containers-storage',
  'docker-daemon',
  'oci-archive',
  'sif',
  'tarball',
];

function registry(reference: string, input: string): ImageLocation {
  if (reference.length === 0)
    throw new OciError('TRANSPORT_INVALID', `no image reference in ${JSON.stringify(input)}`);
  return { transport: 'registry', reference };
}

function ociLayout(rest: string, input: string): ImageLocation {
  const at = rest.lastIndexOf('@');
  if (at > 0 && isDigest(rest.slice(at + 1))) {
    const dir = rest.slice(0, at).replace(/:$/, '');
    return { transport: 'oci', dir: nonEmpty(dir, input), digest: rest.slice(at + 1) };
  }
  const colon = rest.indexOf(':');
  if (colon < 0) return { transport: 'oci', dir: nonEmpty(rest, input) };
  const tag = rest.slice(colon + 1);
  if (tag !== '' && !TAG_RE.test(tag) && !isRefName(tag)) {
    throw new OciError(
      'TRANSPORT_INVALID',
      `invalid OCI layout reference ${JSON.stringify(tag)} in ${JSON.stringify(input)}`,
    );
  }
  const dir = nonEmpty(rest.slice(0, colon), input);
  return tag === '' ? { transport: 'oci', dir } : { transport: 'oci', dir, tag };
}

// The image-layout spec allows ref.name values beyond the tag grammar (e.g. `example.com/app:1`).
function isRefName(s: string): boolean {
  return (
    s.length <= 255 && /^[A-Za-z0-9]+(?:[-._:@/+]|--)?(?:[A-Za-z0-9]+(?:[-._:@/+]|--)?)*$/.test(s)
  );
}

function dockerArchive(rest: string, input: string): ImageLocation {
  const colon = rest.indexOf(':');
  if (colon < 0) return { transport: 'docker-archive', file: nonEmpty(rest, input) };
  const file = nonEmpty(rest.slice(0, colon), input);
  const reference = rest.slice(colon + 1);
  return reference === ''
    ? { transport: 'docker-archive', file }
    : { transport: 'docker-archive', file, reference };
}

function nonEmpty(path: string, input: string): string {
  if (path === '') throw new OciError('TRANSPORT_INVALID', `no path in ${JSON.stringify(input)}`);
  return path;
}
