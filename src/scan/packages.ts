import type { OsInfo, Package } from '../sbom/index.ts';
import type { Distro, MatchPackage } from '../vulndb/index.ts';
import type { ScanLocation } from './types.ts';

/**
 * The one place a catalog `Package` becomes the matcher's `MatchPackage`. The matcher keys on
 * purl types (`pypi`, `golang`, `maven`), so the type is read from the purl when there is one;
 * the OS ecosystem (`Debian:12`, `Alpine:v3.18`, the RPM distributions' prefixes) is derived
 * by the matcher from `distro`, so it is left unset here. Locations travel as an opaque key the
 * scan maps back to (path, layer) pairs.
 */
export function toMatchPackage(pkg: Package, index: number): MatchPackage {
  return {
    name: pkg.name,
    version: pkg.version,
    type: purlType(pkg.purl) ?? pkg.type,
    purl: pkg.purl,
    ...(pkg.sourceName !== undefined ? { sourceName: pkg.sourceName } : {}),
    ...(pkg.sourceVersion !== undefined ? { sourceVersion: pkg.sourceVersion } : {}),
    locations: [`#${index}`],
  };
}

/** Locations of the package `toMatchPackage(pkg, index)` produced, found back by that key. */
export function locationsOf(packages: readonly Package[], keys: readonly string[]): ScanLocation[] {
  const out: ScanLocation[] = [];
  for (const key of keys) {
    const pkg = packages[Number(key.slice(1))];
    for (const l of pkg?.locations ?? []) out.push({ path: l.path, layer: l.layerDigest });
  }
  return out;
}

/** The distro the matcher derives OS ecosystems from. */
export function distroOf(os: Pick<OsInfo, 'id' | 'versionId'> | undefined): Distro | undefined {
  if (os === undefined) return undefined;
  return { id: os.id, ...(os.versionId !== undefined ? { versionId: os.versionId } : {}) };
}

function purlType(purl: string | undefined): string | undefined {
  const m = /^pkg:([a-zA-Z0-9.+-]+)\//.exec(purl ?? '');
  return m?.[1]?.toLowerCase();
}
