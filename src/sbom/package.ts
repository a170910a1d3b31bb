import { PackageURL } from 'packageurl-js';

/** Package ecosystems Sigil catalogs. */
export type PackageType =
  | 'deb'
  | 'apk'
  | 'rpm'
  | 'npm'
  | 'python'
  | 'go-module'
  | 'java-archive'
  | 'gem'
  | 'php-composer'
  | 'rust-crate'
  | 'dotnet';

/** Where a package's evidence lives: the final path and the layer that last wrote it. */
export interface PackageLocation {
  readonly path: string;
  /** Digest (or caller-given id) of the layer the file came from; undefined when not layered. */
  readonly layerDigest: string | undefined;
}

/** One installed package, as found in an image. */
export interface Package {
  readonly name: string;
  readonly version: string;
  readonly type: PackageType;
  readonly purl: string;
  /** The source package it was built from (dpkg `Source:`, apk origin, rpm SOURCERPM). */
  readonly sourceName?: string;
  readonly sourceVersion?: string;
  readonly licenses: readonly string[];
  readonly arch?: string;
  /** rpm only: the epoch, when the package declares one. */
  readonly epoch?: number;
  readonly locations: readonly PackageLocation[];
  /** Name of the cataloger that found it. */
  readonly foundBy: string;
}

/** The OS facts a purl needs: `distro=<id>-<versionId>`, namespace `<id>`. */
export interface PurlDistro {
  readonly id: string;
  readonly versionId?: string;
}

const PURL_TYPE: Readonly<Record<PackageType, string>> = {
  deb: 'deb',
  apk: 'apk',
  rpm: 'rpm',
  npm: 'npm',
  python: 'pypi',
  'go-module': 'golang',
  'java-archive': 'maven',
  gem: 'gem',
  'php-composer': 'composer',
  'rust-crate': 'cargo',
  dotnet: 'nuget',
};

/** Namespace for OS packages when the OS is unknown (purl spec's defaults). */
const DEFAULT_OS_NAMESPACE: Partial<Record<PackageType, string>> = {
  deb: 'debian',
  apk: 'alpine',
};

export interface PurlInput {
  readonly type: PackageType;
  readonly name: string;
  readonly version: string;
  /** npm scope (`@scope`), maven group, go module path prefix, composer vendor. */
  readonly namespace?: string;
  readonly arch?: string;
  readonly epoch?: number;
  readonly distro?: PurlDistro;
  readonly qualifiers?: Readonly<Record<string, string>>;
}

/**
 * Build a package URL per the purl spec (github.com/package-url/purl-spec, PURL-TYPES.rst):
 * percent-encoding, pypi PEP 503 normalisation and qualifier ordering are left to
 * `packageurl-js`; this adds the OS-specific namespace and qualifiers.
 *
 * @example
 *   buildPurl({ type: 'deb', name: 'bash', version: '5.2.15-2', arch: 'amd64',
 *               distro: { id: 'debian', versionId: '12' } })
 *   // 'pkg:deb/debian/bash@5.2.15-2?arch=amd64&distro=debian-12'
 */
export function buildPurl(input: PurlInput): string {
  const qualifiers: Record<string, string> = { ...input.qualifiers };
  const isOs = input.type === 'deb' || input.type === 'apk' || input.type === 'rpm';
  let namespace = input.namespace;
  if (isOs) {
    namespace = input.distro?.id.toLowerCase() || DEFAULT_OS_NAMESPACE[input.type];
    if (input.arch) qualifiers.arch = input.arch;
    if (input.epoch !== undefined && input.epoch > 0) qualifiers.epoch = String(input.epoch);
    if (input.distro?.id) {
      qualifiers.distro = input.distro.versionId
        ? `${input.distro.id.toLowerCase()}-${input.distro.versionId}`
        : input.distro.id.toLowerCase();
    }
  }
  const purl = new PackageURL(
    PURL_TYPE[input.type],
    namespace || undefined,
    input.name,
    input.version || undefined,
    Object.keys(qualifiers).length > 0 ? qualifiers : undefined,
    undefined,
  );
  return purl.toString();
}

/** Stable order for package lists: type, name, version, first location. */
export function comparePackages(a: Package, b: Package): number {
  return (
    cmp(a.type, b.type) ||
    cmp(a.name, b.name) ||
    cmp(a.version, b.version) ||
    cmp(a.locations[0]?.path ?? '', b.locations[0]?.path ?? '')
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
