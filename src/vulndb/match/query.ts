import { normalizeName } from '../osv/index.ts';
import type { Distro, MatchPackage } from './types.ts';

/** How one package is looked up: names under ecosystems, and the version to compare. */
export interface Query {
  /** Ecosystem strings matched exactly (`Debian:12`, then unscoped `Debian`). */
  readonly ecosystems: readonly string[];
  /** Ecosystem string prefixes, for families whose advisories add suffixes (Red Hat streams). */
  readonly prefixes: readonly string[];
  /** Names to look up, each in its ecosystem's normal form (source name first). */
  readonly names: readonly string[];
  readonly version: string;
}

/** purl types (and the names catalogers commonly use) → OSV ecosystem. */
const LANGUAGE_ECOSYSTEMS: Readonly<Record<string, string>> = {
  npm: 'npm',
  pypi: 'PyPI',
  python: 'PyPI',
  golang: 'Go',
  go: 'Go',
  'go-module': 'Go',
  maven: 'Maven',
  'java-archive': 'Maven',
  gem: 'RubyGems',
  cargo: 'crates.io',
  'rust-crate': 'crates.io',
  nuget: 'NuGet',
  dotnet: 'NuGet',
  composer: 'Packagist',
  'php-composer': 'Packagist',
  hex: 'Hex',
  pub: 'Pub',
  swift: 'SwiftURL',
};

const OS_TYPES = new Set(['deb', 'apk', 'rpm']);

/**
 * The lookup for one package, or undefined when Sigil knows no OSV ecosystem for it.
 * OS packages are looked up by **source** package (advisories from Debian, Ubuntu and Alpine
 * name source packages) in the distribution release's ecosystem; language packages by name
 * in the normal form of their ecosystem.
 */
export function planQuery(pkg: MatchPackage, distro: Distro | undefined): Query | undefined {
  const type = pkg.type.toLowerCase();
  if (OS_TYPES.has(type)) return osQuery(pkg, type, distro);
  const ecosystem =
    pkg.ecosystem ?? LANGUAGE_ECOSYSTEMS[type] ?? LANGUAGE_ECOSYSTEMS[purlType(pkg.purl) ?? ''];
  if (ecosystem === undefined) return undefined;
  const base = ecosystem.split(':')[0] ?? ecosystem;
  const name = normalizeName(base, languageName(base, pkg));
  return { ecosystems: withBase(ecosystem), prefixes: [], names: [name], version: pkg.version };
}

function osQuery(pkg: MatchPackage, type: string, distro: Distro | undefined): Query | undefined {
  const family =
    pkg.ecosystem !== undefined
      ? { ecosystems: withBase(pkg.ecosystem), prefixes: [] }
      : distroEcosystems(distro);
  if (family === undefined) return undefined;
  const source = pkg.sourceName !== undefined && pkg.sourceName !== '' ? pkg.sourceName : pkg.name;
  switch (type) {
    case 'deb':
      return { ...family, names: [source], version: stripBinNmu(pkg.sourceVersion || pkg.version) };
    case 'apk':
      // An apk origin is built at the same pkgver-rel as its subpackages.
      return { ...family, names: [source], version: pkg.version };
    default:
      // RPM advisories differ in naming source or binary packages: look up both.
      return {
        ...family,
        names: [...new Set([source, pkg.name])],
        version: pkg.sourceVersion || pkg.version,
      };
  }
}

/**
 * Debian binNMUs append `+bN` to the binary version; advisories are written against the source
 * version (Debian Policy §5.6.12, "binary-only uploads").
 */
export function stripBinNmu(version: string): string {
  return version.replace(/\+b\d+$/, '');
}

/** OSV ecosystem strings for an os-release `ID` / `VERSION_ID`. */
export function distroEcosystems(
  distro: Distro | undefined,
): { ecosystems: string[]; prefixes: string[] } | undefined {
  if (distro === undefined) return undefined;
  const v = distro.versionId ?? '';
  const [major = '', minor = ''] = v.split('.');
  const exact = (...e: string[]): { ecosystems: string[]; prefixes: string[] } => ({
    ecosystems: e,
    prefixes: [],
  });
  switch (distro.id.toLowerCase()) {
    case 'debian':
      return major === '' ? exact('Debian') : exact(`Debian:${major}`, 'Debian');
    case 'ubuntu':
      return v === '' ? exact('Ubuntu') : exact(`Ubuntu:${v}`, `Ubuntu:${v}:LTS`, 'Ubuntu');
    case 'alpine':
      return major === '' ? exact('Alpine') : exact(`Alpine:v${major}.${minor}`, 'Alpine');
    case 'wolfi':
      return exact('Wolfi');
    case 'chainguard':
      return exact('Chainguard');
    case 'rocky':
      return exact(`Rocky Linux:${major}`, 'Rocky Linux');
    case 'almalinux':
      return exact(`AlmaLinux:${major}`, 'AlmaLinux');
    case 'rhel':
      return { ecosystems: ['Red Hat'], prefixes: [`Red Hat:enterprise_linux:${major}:`] };
    case 'mariner':
    case 'azurelinux':
      return exact(`Azure Linux:${major}.0`, 'Azure Linux');
    case 'photon':
      return exact(`Photon OS:${major}.0`, 'Photon OS');
    case 'openeuler':
      return exact(`openEuler:${v}`, 'openEuler');
    default:
      return undefined;
  }
}

function withBase(ecosystem: string): string[] {
  const base = ecosystem.split(':')[0] ?? ecosystem;
  return base === ecosystem ? [ecosystem] : [ecosystem, base];
}

// Names as OSV writes them: `group:artifact` for Maven, `@scope/name` for npm, the module path
// for Go. Catalogers may give only the last segment in `name`; the purl has the rest.
function languageName(base: string, pkg: MatchPackage): string {
  const purl = parsePurl(pkg.purl);
  switch (base) {
    case 'Maven':
      if (pkg.name.includes(':') || purl?.namespace === undefined) return pkg.name;
      return `${purl.namespace.replaceAll('/', '.')}:${purl.name}`;
    case 'npm':
    case 'Go':
      if (pkg.name.includes('/') || purl?.namespace === undefined) return pkg.name;
      return `${purl.namespace}/${purl.name}`;
    default:
      return pkg.name;
  }
}

function purlType(purl: string | undefined): string | undefined {
  return parsePurl(purl)?.type;
}

/** The parts of a package URL the matcher needs (purl-spec: `pkg:type/namespace/name@version`). */
function parsePurl(
  purl: string | undefined,
): { type: string; namespace: string | undefined; name: string } | undefined {
  if (purl === undefined || !purl.startsWith('pkg:') || purl.length > 4096) return undefined;
  const body = purl.slice(4).split(/[?#]/)[0] ?? '';
  const at = body.lastIndexOf('@');
  const segments = (at > 0 ? body.slice(0, at) : body).split('/').filter((s) => s !== '');
  if (segments.length < 2) return undefined;
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const [type, ...rest] = segments;
  const name = decode(rest.pop() ?? '');
  return {
    type: (type ?? '').toLowerCase(),
    namespace: rest.length > 0 ? rest.map(decode).join('/') : undefined,
    name,
  };
}
