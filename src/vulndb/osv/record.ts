import { VulnDbError } from '../errors.ts';
import { compileAffected } from './affected.ts';
import { OSV_LIMITS } from './limits.ts';
import type { AffectedVerdict, EvaluationNote } from './types.ts';

/** An installed package as the scanner sees it. */
export interface InstalledPackage {
  /** OSV ecosystem, with release if any (`Debian:12`, `Alpine:v3.18`, `PyPI`). */
  readonly ecosystem: string;
  /** Name as the advisory source names it (for Debian/Ubuntu/Alpine: the source package). */
  readonly name: string;
  /** Version to compare (for Debian: the source package version, without a binNMU `+bN`). */
  readonly version: string;
}

export type RecordVerdict =
  | { readonly kind: 'withdrawn'; readonly withdrawn: string }
  | { readonly kind: 'not-applicable' }
  | ({ readonly kind: 'evaluated' } & AffectedVerdict);

/**
 * Evaluates a whole OSV record for one installed package (the schema's `IsVulnerable`): a
 * withdrawn record affects nothing; otherwise every `affected[]` entry for the package is
 * evaluated and the verdicts merged. An entry applies when its package name matches (PyPI
 * names compared in PEP 503 normal form; NuGet and Packagist case-insensitively) and its
 * ecosystem is the package's, or the same ecosystem without a release suffix (an unscoped
 * `Debian` entry applies to `Debian:12`).
 */
export function evaluateRecord(record: unknown, pkg: InstalledPackage): RecordVerdict {
  if (typeof record !== 'object' || record === null) {
    throw new VulnDbError('OSV_INVALID', 'OSV record is not an object');
  }
  const r = record as Record<string, unknown>;
  if (typeof r['withdrawn'] === 'string') return { kind: 'withdrawn', withdrawn: r['withdrawn'] };
  const affected = r['affected'] ?? [];
  if (!Array.isArray(affected) || affected.length > OSV_LIMITS.affectedPerRecord) {
    throw new VulnDbError('OSV_INVALID', 'OSV record affected must be an array within limits');
  }
  const verdicts: AffectedVerdict[] = [];
  for (const entry of affected) {
    const matcher = compileAffected(entry);
    if (matcher.name === undefined || matcher.ecosystem === undefined) continue;
    if (!samePackage(matcher.ecosystem, matcher.name, pkg)) continue;
    verdicts.push(matcher.match(pkg.version));
  }
  if (verdicts.length === 0) return { kind: 'not-applicable' };
  return { kind: 'evaluated', ...merge(verdicts) };
}

function merge(verdicts: readonly AffectedVerdict[]): AffectedVerdict {
  const hit = verdicts.filter((v) => v.affected);
  const notes: EvaluationNote[] = verdicts.flatMap((v) => v.notes);
  return {
    affected: hit.length > 0,
    matchedBy: hit.some((v) => v.matchedBy === 'range') ? 'range' : hit[0]?.matchedBy,
    fixed: [...new Set(hit.flatMap((v) => v.fixed))],
    notes,
  };
}

function samePackage(ecosystem: string, name: string, pkg: InstalledPackage): boolean {
  const base = pkg.ecosystem.split(':')[0];
  if (ecosystem !== pkg.ecosystem && ecosystem !== base) return false;
  return normalizeName(base ?? '', name) === normalizeName(base ?? '', pkg.name);
}

/** Package name in the form its ecosystem compares names (PEP 503 for PyPI). */
export function normalizeName(ecosystemBase: string, name: string): string {
  switch (ecosystemBase) {
    case 'PyPI':
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'NuGet':
    case 'Packagist':
      return name.toLowerCase();
    default:
      return name;
  }
}
