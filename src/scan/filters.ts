import { noEvents, type EventSink } from '../core/index.ts';
import type { IgnoreEntry } from './ignore-file.ts';
import type { Severity } from './severity.ts';
import type { ScanFinding, Suppression } from './types.ts';
import type { VexStatement } from './vex.ts';

export interface FilterOptions {
  /** Keep only these severities (all when absent or empty). */
  readonly severities?: readonly Severity[];
  /** Drop findings with no known fix. */
  readonly ignoreUnfixed?: boolean;
  readonly ignore?: readonly IgnoreEntry[];
  readonly vex?: readonly VexStatement[];
  /** Keep suppressed findings, marked, instead of dropping them. */
  readonly showSuppressed?: boolean;
  /** Today, for ignore-entry expiry; defaults to the current time. */
  readonly now?: Date;
  /** The scanned image's reference or digest, which VEX products may name instead of a purl. */
  readonly imageIds?: readonly string[];
}

/**
 * Severity and fix-status filters drop findings; ignore entries and VEX statements suppress
 * them (dropped, or kept and marked with `showSuppressed`). An expired ignore entry no longer
 * applies and is reported once as an `IGNORE_EXPIRED` warning.
 */
export function applyFilters(
  findings: readonly ScanFinding[],
  opts: FilterOptions & { readonly events?: EventSink },
): ScanFinding[] {
  const events = opts.events ?? noEvents;
  const now = opts.now ?? new Date();
  const ignore = activeIgnores(opts.ignore ?? [], now, events);
  const severities = new Set(opts.severities ?? []);
  const out: ScanFinding[] = [];
  for (const f of findings) {
    if (severities.size > 0 && !severities.has(f.severity)) continue;
    if (opts.ignoreUnfixed === true && f.status === 'unfixed') continue;
    const suppressed = ignoredBy(f, ignore) ?? vexedBy(f, opts.vex ?? [], opts.imageIds ?? []);
    if (suppressed === undefined) out.push(f);
    else if (opts.showSuppressed === true) out.push({ ...f, suppressed });
  }
  return out;
}

function activeIgnores(
  entries: readonly IgnoreEntry[],
  now: Date,
  events: EventSink,
): IgnoreEntry[] {
  return entries.filter((e) => {
    if (e.expires === undefined || now.getTime() < e.expires.getTime()) return true;
    events({
      kind: 'warning',
      code: 'IGNORE_EXPIRED',
      message: `ignore entry ${e.id ?? e.purl ?? '?'} expired on ${e.expires.toISOString().slice(0, 10)} and no longer applies`,
    });
    return false;
  });
}

function ignoredBy(f: ScanFinding, entries: readonly IgnoreEntry[]): Suppression | undefined {
  for (const e of entries) {
    const idOk = e.id === undefined || advisoryIds(f).has(e.id);
    const purlOk = e.purl === undefined || purlMatches(e.purl, f.package.purl);
    if (idOk && purlOk) {
      return { kind: 'ignore', reason: e.reason ?? 'ignored', source: e.id ?? e.purl ?? '' };
    }
  }
  return undefined;
}

function vexedBy(
  f: ScanFinding,
  statements: readonly VexStatement[],
  imageIds: readonly string[],
): Suppression | undefined {
  const ids = advisoryIds(f);
  for (const s of statements) {
    if (!ids.has(s.vulnerability) && !s.aliases.some((a) => ids.has(a))) continue;
    if (vexApplies(s, f.package.purl, imageIds))
      return { kind: 'vex', reason: s.status, source: s.document };
  }
  return undefined;
}

// Without subcomponents the product is the package (a purl) or the whole image; with them the
// product is the image and a subcomponent names the package (OpenVEX spec, "Product").
function vexApplies(
  s: VexStatement,
  purl: string | undefined,
  imageIds: readonly string[],
): boolean {
  const isImage = (p: string) => imageIds.some((i) => i !== '' && p === i);
  if (s.subcomponents.length === 0) {
    return s.products.some((p) => purlMatches(p, purl) || isImage(p));
  }
  return s.subcomponents.some((c) => purlMatches(c, purl));
}

function advisoryIds(f: ScanFinding): Set<string> {
  return new Set([f.id, ...f.aliases, ...f.cves]);
}

/**
 * A purl pattern matches a package purl when it is equal, or when it has no version (and no
 * qualifiers) and names the same package: `pkg:npm/lodash` matches `pkg:npm/lodash@4.17.20`.
 */
export function purlMatches(pattern: string, purl: string | undefined): boolean {
  if (purl === undefined) return false;
  if (pattern === purl) return true;
  const base = (p: string) => p.split(/[?#]/)[0] ?? p;
  const bare = (p: string) => base(p).replace(/@[^/]*$/, '');
  const pat = base(pattern);
  if (pat === base(purl)) return true;
  return !pat.includes('@') && pat === bare(purl);
}
