import { noEvents, type EventSink } from '../core/index.ts';
import type { ImageSource, Platform } from '../oci/index.ts';
import { catalogImage, type OsInfo, type Package } from '../sbom/index.ts';
import { matchPackages, type AdvisoryDb, type Finding } from '../vulndb/index.ts';
import { applyFilters, type FilterOptions } from './filters.ts';
import { distroOf, locationsOf, toMatchPackage } from './packages.ts';
import { withBlobProgress } from './progress.ts';
import type { ScanFinding, ScanResult, ScanTarget } from './types.ts';

export interface ScanOptions extends FilterOptions {
  readonly db: AdvisoryDb;
  readonly platform?: Platform;
  readonly events?: EventSink;
  readonly signal?: AbortSignal;
}

/**
 * Catalog an image, match its packages against the advisory database, and filter. With
 * `events`, layer reads are reported as `progress` events (task `scan-layer`).
 *
 * @example
 *   const result = await scanImage(await openImageSource('oci:./l:app'), { db });
 */
export async function scanImage(src: ImageSource, opts: ScanOptions): Promise<ScanResult> {
  const source = opts.events ? withBlobProgress(src, opts.events) : src;
  const { image, catalog } = await catalogImage(source, {
    ...(opts.platform ? { platform: opts.platform } : {}),
    ...(opts.events ? { events: opts.events } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const target: ScanTarget = {
    name: src.description,
    kind: 'image',
    digest: image.digest,
    os: osOf(catalog.os),
  };
  const result = scanPackages(opts.db, catalog.packages, catalog.os, { ...opts, target });
  const warnings = catalog.warnings.map((w) => ({ code: w.code, message: w.message }));
  return { ...result, warnings: [...warnings, ...result.warnings] };
}

/**
 * Match an inventory (from a catalog or an SBOM) and filter the findings.
 *
 * @example const { findings } = scanPackages(db, catalog.packages, catalog.os);
 */
export function scanPackages(
  db: AdvisoryDb,
  packages: readonly Package[],
  os: OsInfo | { readonly id: string; readonly versionId?: string } | undefined,
  opts: FilterOptions & { readonly target?: ScanTarget; readonly events?: EventSink } = {},
): ScanResult {
  const warnings: { code: string; message: string }[] = [];
  const events: EventSink = (e) => {
    if (e.kind === 'warning') warnings.push({ code: e.code, message: e.message });
    (opts.events ?? noEvents)(e);
  };
  const distro = distroOf(os);
  const matched = matchPackages(db, packages.map(toMatchPackage), {
    ...(distro ? { distro } : {}),
    events,
  });
  const all = matched.findings.map((f) => toScanFinding(f, packages));
  const findings = applyFilters(all, { ...opts, events });
  return {
    target: opts.target ?? { name: '-', kind: 'sbom', digest: undefined, os: osOf(os) },
    packageCount: packages.length,
    findings,
    unmatched: matched.unmatched.map((u) => ({
      name: u.package.name,
      version: u.package.version,
      type: u.package.type,
      purl: u.package.purl,
      reason: u.reason,
    })),
    warnings,
  };
}

function osOf(os: { readonly id: string; readonly versionId?: string } | undefined) {
  return os === undefined ? undefined : { id: os.id, versionId: os.versionId };
}

function toScanFinding(f: Finding, packages: readonly Package[]): ScanFinding {
  const index = Number(f.locations[0]?.slice(1) ?? -1);
  const pkg = packages[index];
  return {
    id: f.id,
    aliases: f.aliases,
    cves: f.cves,
    summary: f.summary,
    severity: f.severity,
    score: f.score,
    vectors: f.vectors,
    package: {
      name: f.package.name,
      version: f.package.version,
      type: pkg?.type ?? f.package.type,
      purl: f.package.purl,
      sourceName: f.package.sourceName,
      sourceVersion: f.package.sourceVersion,
      ecosystem: f.package.ecosystem,
    },
    fixedVersions: f.fixedVersions,
    status: f.status,
    locations: locationsOf(packages, f.locations),
    references: f.references,
  };
}
