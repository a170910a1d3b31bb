import { PackageURL } from 'packageurl-js';
import { SIGIL_SBOM_SCHEMA, type OsInfo, type Package, type PackageType } from '../sbom/index.ts';
import { ScanError } from './errors.ts';

/** An inventory read back from an SBOM document. */
export interface SbomInventory {
  readonly name: string | undefined;
  readonly digest: string | undefined;
  readonly os: OsInfo | undefined;
  readonly packages: readonly Package[];
}

const MAX_BYTES = 64 * 1024 * 1024;
const MAX_COMPONENTS = 200_000;
const MAX_DEPTH = 16;

const TYPES: Record<string, PackageType> = {
  deb: 'deb',
  apk: 'apk',
  rpm: 'rpm',
  npm: 'npm',
  pypi: 'python',
  golang: 'go-module',
  maven: 'java-archive',
  gem: 'gem',
  composer: 'php-composer',
  cargo: 'rust-crate',
  nuget: 'dotnet',
};

/**
 * Reads Sigil's own `sigil.sbom/v1` JSON (`sigil sbom --format sigil-json`), or a CycloneDX
 * JSON SBOM (1.4–1.6): every component with a purl of a known type, nested
 * components included; source package from Sigil's (`sigil:package:sourceName`) or syft's
 * (`syft:metadata:source`) properties or the purl's `upstream` qualifier; the OS from the
 * `operating-system` component or a `distro=` purl qualifier. Components without a purl are
 * skipped.
 *
 * @example const { packages, os } = readSbom(readFileSync('bom.json', 'utf8'));
 */
export function readSbom(text: string, name = 'SBOM'): SbomInventory {
  if (text.length > MAX_BYTES) throw invalid(name, 'larger than 64 MiB');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new ScanError('SBOM_INVALID', `${name}: not JSON`, { cause });
  }
  if (isRecord(doc) && doc['schema'] === SIGIL_SBOM_SCHEMA) return readSigilJson(doc, name);
  if (!isRecord(doc) || doc['bomFormat'] !== 'CycloneDX') {
    throw invalid(name, `neither CycloneDX JSON nor ${SIGIL_SBOM_SCHEMA}`);
  }
  const components: Record<string, unknown>[] = [];
  collect(doc['components'], components, 0, name);
  const packages = components.flatMap((c) => {
    const p = toPackage(c);
    return p === undefined ? [] : [p];
  });
  const meta =
    isRecord(doc['metadata']) && isRecord(doc['metadata']['component'])
      ? doc['metadata']['component']
      : undefined;
  return {
    name: str(meta?.['name']),
    digest: str(meta?.['version'])?.startsWith('sha256:') ? str(meta?.['version']) : undefined,
    os: osOf(components, packages),
    packages,
  };
}

// sigil.sbom/v1 carries the catalog as it was: packages with source and (path, layer) pairs.
function readSigilJson(doc: Record<string, unknown>, name: string): SbomInventory {
  const list = doc['packages'];
  if (!Array.isArray(list)) throw invalid(name, '`packages` must be a list');
  if (list.length > MAX_COMPONENTS) throw invalid(name, `more than ${MAX_COMPONENTS} packages`);
  const packages = list.flatMap((p): Package[] => {
    if (!isRecord(p)) return [];
    const pkgName = str(p['name']);
    const version = str(p['version']);
    const purl = str(p['purl']);
    const type = str(p['type']);
    if (!pkgName || version === undefined || !purl || !type) return [];
    const sourceName = str(p['sourceName']);
    const sourceVersion = str(p['sourceVersion']);
    const locations = Array.isArray(p['locations']) ? p['locations'].filter(isRecord) : [];
    return [
      {
        name: pkgName,
        version,
        type: type as PackageType,
        purl,
        ...(sourceName ? { sourceName } : {}),
        ...(sourceVersion ? { sourceVersion } : {}),
        licenses: [],
        locations: locations.flatMap((l) => {
          const path = str(l['path']);
          return path ? [{ path, layerDigest: str(l['layerDigest']) }] : [];
        }),
        foundBy: str(p['foundBy']) ?? 'sbom',
      },
    ];
  });
  const image = isRecord(doc['image']) ? doc['image'] : {};
  const os = isRecord(doc['os']) ? doc['os'] : undefined;
  const osId = str(os?.['id']);
  return {
    name: str(image['reference']),
    digest: str(image['digest']),
    os: osId ? osInfo(osId, str(os?.['versionId'])) : undefined,
    packages,
  };
}

function collect(list: unknown, out: Record<string, unknown>[], depth: number, name: string): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) throw invalid(name, '`components` must be a list');
  if (depth > MAX_DEPTH) throw invalid(name, 'components nested too deeply');
  for (const c of list) {
    if (!isRecord(c)) continue;
    if (out.length >= MAX_COMPONENTS) throw invalid(name, `more than ${MAX_COMPONENTS} components`);
    out.push(c);
    collect(c['components'], out, depth + 1, name);
  }
}

function toPackage(c: Record<string, unknown>): Package | undefined {
  const purl = str(c['purl']);
  if (purl === undefined) return undefined;
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(purl);
  } catch {
    return undefined;
  }
  const type = TYPES[parsed.type];
  if (type === undefined) return undefined;
  const props = properties(c);
  const q = parsed.qualifiers ?? {};
  const [upName, upVersion] = (q['upstream'] ?? '').split('@');
  const sourceName =
    props.get('sigil:package:sourceName') ??
    props.get('syft:metadata:source') ??
    (upName || undefined);
  const sourceVersion =
    props.get('sigil:package:sourceVersion') ??
    props.get('syft:metadata:sourceVersion') ??
    (upVersion || undefined);
  const path = props.get('sigil:location:0:path');
  const layer = props.get('sigil:location:0:layerDigest');
  return {
    name: str(c['name']) ?? parsed.name,
    version: str(c['version']) ?? parsed.version ?? '',
    type,
    purl,
    ...(sourceName ? { sourceName } : {}),
    ...(sourceVersion ? { sourceVersion } : {}),
    licenses: [],
    locations: path ? [{ path: path.replace(/^\/+/, ''), layerDigest: layer }] : [],
    foundBy: 'sbom',
  };
}

function osOf(
  components: readonly Record<string, unknown>[],
  packages: readonly Package[],
): OsInfo | undefined {
  const os = components.find((c) => c['type'] === 'operating-system');
  const id = str(os?.['name'])?.toLowerCase();
  if (id !== undefined) return osInfo(id, str(os?.['version']));
  for (const p of packages) {
    const distro = /[?&]distro=([^&#]+)/.exec(p.purl)?.[1];
    const m = distro ? /^([a-z]+)-(.+)$/.exec(decodeURIComponent(distro)) : null;
    if (m) return osInfo(m[1]!, m[2]);
  }
  return undefined;
}

function osInfo(id: string, versionId: string | undefined): OsInfo {
  return {
    id,
    ...(versionId ? { versionId } : {}),
    idLike: [],
    distroless: false,
    source: 'sbom',
  } as OsInfo;
}

function properties(c: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const list = c['properties'];
  if (!Array.isArray(list)) return out;
  for (const p of list) {
    if (isRecord(p) && typeof p['name'] === 'string' && typeof p['value'] === 'string')
      out.set(p['name'], p['value']);
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(where: string, msg: string): ScanError {
  return new ScanError('SBOM_INVALID', `${where}: ${msg}`);
}
