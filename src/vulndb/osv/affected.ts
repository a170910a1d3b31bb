import { VulnDbError } from '../errors.ts';
import { comparatorFor, semverGeneric } from '../version/index.ts';
import type { VersionComparator } from '../version/index.ts';
import { OSV_LIMITS } from './limits.ts';
import type { AffectedVerdict, EvaluationNote } from './types.ts';

type EventKind = 'introduced' | 'last_affected' | 'fixed' | 'limit';
const EVENT_KINDS: readonly EventKind[] = ['introduced', 'last_affected', 'fixed', 'limit'];

interface CompiledEvent {
  readonly kind: EventKind;
  readonly raw: string;
  /** Parsed version; undefined for the special `introduced: "0"` and `limit: "*"`. */
  readonly version: unknown;
}

interface CompiledRange {
  readonly comparator: VersionComparator;
  /** introduced/last_affected/fixed, sorted as the OSV evaluation requires. */
  readonly events: readonly CompiledEvent[];
  readonly limits: readonly CompiledEvent[];
}

/** One `affected[]` entry, validated and pre-parsed so matching many versions stays cheap. */
export interface AffectedMatcher {
  readonly ecosystem: string | undefined;
  readonly name: string | undefined;
  /** What compiling skipped (GIT ranges, unreadable ranges); repeated in every verdict. */
  readonly notes: readonly EvaluationNote[];
  match(version: string): AffectedVerdict;
}

/**
 * Validates an OSV `affected[]` entry and prepares it for {@link AffectedMatcher.match}, which
 * implements the schema's evaluation algorithm (`IsVulnerable`, §Evaluation): the version is
 * affected when it is listed in `versions`, or when in some range the last event at or below
 * it (events sorted in the ecosystem's order, `introduced: "0"` first) is an `introduced`,
 * with `last_affected` closing the range only above its version, and `limit` events bounding
 * the range from above. `ECOSYSTEM` and `SEMVER` ranges use the ecosystem's ordering (SEMVER
 * falls back to SemVer 2.0 for ecosystems without one); `GIT` ranges need a repository's
 * commit graph and are skipped with a note. Ranges that cannot be read are skipped with a
 * note too; only an entry that is not an OSV object at all throws (`OSV_INVALID`).
 *
 * @example
 *   const m = compileAffected(record.affected[0]);
 *   m.match('4.17.15'); // { affected: true, matchedBy: 'range', fixed: ['4.17.21'], notes: [] }
 */
export function compileAffected(entry: unknown, ecosystemOverride?: string): AffectedMatcher {
  if (!isObject(entry)) throw new VulnDbError('OSV_INVALID', 'affected entry is not an object');
  const pkg = entry['package'];
  const ecosystem =
    ecosystemOverride ??
    (isObject(pkg) && typeof pkg['ecosystem'] === 'string' ? pkg['ecosystem'] : undefined);
  const name = isObject(pkg) && typeof pkg['name'] === 'string' ? pkg['name'] : undefined;
  const notes: EvaluationNote[] = [];
  const comparator = resolveComparator(ecosystem);
  const ranges = compileRanges(entry['ranges'], ecosystem, comparator, notes);
  const versions = compileVersions(entry['versions']);
  return {
    ecosystem,
    name,
    notes,
    match: (version) => matchVersion(version, comparator, ranges, versions, notes),
  };
}

/** One-shot form of {@link compileAffected}: is `version` affected by `entry`? */
export function evaluateAffected(entry: unknown, version: string): AffectedVerdict {
  return compileAffected(entry).match(version);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolveComparator(ecosystem: string | undefined): VersionComparator | undefined {
  if (ecosystem === undefined) return undefined;
  try {
    return comparatorFor(ecosystem);
  } catch {
    return undefined;
  }
}

function compileRanges(
  raw: unknown,
  ecosystem: string | undefined,
  comparator: VersionComparator | undefined,
  notes: EvaluationNote[],
): CompiledRange[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new VulnDbError('OSV_INVALID', 'affected.ranges is not an array');
  if (raw.length > OSV_LIMITS.ranges) {
    throw new VulnDbError(
      'OSV_INVALID',
      `affected.ranges has more than ${OSV_LIMITS.ranges} entries`,
    );
  }
  const out: CompiledRange[] = [];
  raw.forEach((range: unknown, i) => {
    const type = isObject(range) ? range['type'] : undefined;
    if (type === 'GIT') {
      notes.push({
        code: 'GIT_RANGE_SKIPPED',
        message: `range ${i}: GIT ranges need the repository's commit graph`,
      });
      return;
    }
    if (type !== 'ECOSYSTEM' && type !== 'SEMVER') {
      notes.push({
        code: 'RANGE_TYPE_UNKNOWN',
        message: `range ${i}: type ${JSON.stringify(type)} is not evaluated`,
      });
      return;
    }
    const cmp = type === 'SEMVER' ? (comparator ?? semverGeneric) : comparator;
    if (!cmp) {
      notes.push({
        code: 'ECOSYSTEM_UNKNOWN',
        message: `range ${i}: no version ordering for ecosystem ${JSON.stringify(ecosystem)}`,
      });
      return;
    }
    const compiled = compileRange(range as Record<string, unknown>, cmp, i, notes);
    if (compiled) out.push(compiled);
  });
  return out;
}

function compileRange(
  range: Record<string, unknown>,
  comparator: VersionComparator,
  index: number,
  notes: EvaluationNote[],
): CompiledRange | undefined {
  const events = range['events'];
  if (!Array.isArray(events) || events.length === 0 || events.length > OSV_LIMITS.eventsPerRange) {
    notes.push({
      code: 'RANGE_INVALID',
      message: `range ${index}: events must be a non-empty array within limits`,
    });
    return undefined;
  }
  const compiled: CompiledEvent[] = [];
  for (const event of events) {
    const keys = isObject(event) ? Object.keys(event) : [];
    const kind = keys[0] as EventKind;
    const raw = isObject(event) ? event[kind] : undefined;
    if (keys.length !== 1 || !EVENT_KINDS.includes(kind) || typeof raw !== 'string') {
      notes.push({
        code: 'RANGE_INVALID',
        message: `range ${index}: each event needs exactly one of ${EVENT_KINDS.join(', ')}`,
      });
      return undefined;
    }
    if ((kind === 'introduced' && raw === '0') || (kind === 'limit' && raw.includes('*'))) {
      compiled.push({ kind, raw, version: undefined });
      continue;
    }
    try {
      compiled.push({ kind, raw, version: comparator.parse(raw) });
    } catch (err) {
      notes.push({
        code: 'EVENT_VERSION_INVALID',
        message: `range ${index}: ${(err as Error).message}`,
      });
      return undefined;
    }
  }
  if (!compiled.some((e) => e.kind === 'introduced')) {
    notes.push({
      code: 'RANGE_NO_INTRODUCED',
      message: `range ${index}: no introduced event, so nothing is in it`,
    });
  }
  const rank = (e: CompiledEvent): number => EVENT_KINDS.indexOf(e.kind);
  const sorted = compiled
    .filter((e) => e.kind !== 'limit')
    // Equal versions: introduced before last_affected before fixed, so `introduced X, fixed X`
    // is the empty range it describes.
    .sort((a, b) => compareEventVersions(comparator, a, b) || rank(a) - rank(b));
  return { comparator, events: sorted, limits: compiled.filter((e) => e.kind === 'limit') };
}

// `introduced: "0"` sorts before everything; `limit: "*"` after everything.
function compareEventVersions(c: VersionComparator, a: CompiledEvent, b: CompiledEvent): number {
  if (a.version === undefined || b.version === undefined) {
    const ia = a.version === undefined ? (a.kind === 'limit' ? 1 : -1) : 0;
    const ib = b.version === undefined ? (b.kind === 'limit' ? 1 : -1) : 0;
    return ia - ib;
  }
  return c.compare(a.version, b.version);
}

interface CompiledVersions {
  readonly strings: ReadonlySet<string>;
}

function compileVersions(raw: unknown): CompiledVersions {
  if (raw === undefined) return { strings: new Set() };
  if (!Array.isArray(raw) || raw.length > OSV_LIMITS.versions) {
    throw new VulnDbError('OSV_INVALID', 'affected.versions must be an array within limits');
  }
  return { strings: new Set(raw.filter((v): v is string => typeof v === 'string')) };
}

// The exact string first (a Set lookup); only when absent, equality under the ecosystem's
// ordering, parsing the listed versions one by one and stopping at the first equal one. A list
// is evaluated once per installed version, so parsing and sorting it all up front (as a binary
// search would need) costs more than this scan.
function listed(
  version: string,
  parse: () => unknown,
  c: VersionComparator | undefined,
  list: CompiledVersions,
): boolean {
  if (list.strings.has(version)) return true;
  if (!c || list.strings.size === 0) return false;
  const parsed = parse();
  if (parsed === undefined) return false;
  for (const s of list.strings) {
    let other: unknown;
    try {
      other = c.parse(s);
    } catch {
      // Listed versions outside the ecosystem grammar (e.g. git tags) match by text only.
      continue;
    }
    if (c.compare(other, parsed) === 0) return true;
  }
  return false;
}

function matchVersion(
  version: string,
  comparator: VersionComparator | undefined,
  ranges: readonly CompiledRange[],
  versions: CompiledVersions,
  compileNotes: readonly EvaluationNote[],
): AffectedVerdict {
  const notes = [...compileNotes];
  const parsedByComparator = new Map<VersionComparator, unknown>();
  const parseWith = (c: VersionComparator): unknown => {
    if (!parsedByComparator.has(c)) {
      try {
        parsedByComparator.set(c, c.parse(version));
      } catch (err) {
        parsedByComparator.set(c, undefined);
        notes.push({ code: 'VERSION_INVALID', message: (err as Error).message });
      }
    }
    return parsedByComparator.get(c);
  };
  const inList = listed(version, () => comparator && parseWith(comparator), comparator, versions);
  const fixed: { raw: string; version: unknown; comparator: VersionComparator }[] = [];
  let inRange = false;
  for (const range of ranges) {
    const v = parseWith(range.comparator);
    if (v === undefined) continue;
    const fix = evaluateRange(range, v);
    if (fix === false) continue;
    inRange = true;
    if (fix) fixed.push({ ...fix, comparator: range.comparator });
  }
  return {
    affected: inList || inRange,
    matchedBy: inList ? 'versions' : inRange ? 'range' : undefined,
    fixed: sortedUnique(fixed),
    notes,
  };
}

/**
 * False when `v` is outside the range; otherwise the nearest `fixed` event above `v` (or
 * undefined when the range has none there, e.g. open or `last_affected`-bounded).
 */
function evaluateRange(range: CompiledRange, v: unknown): false | CompiledEvent | undefined {
  const c = range.comparator;
  if (
    range.limits.length > 0 &&
    !range.limits.some((l) => l.version === undefined || c.compare(v, l.version) < 0)
  ) {
    return false;
  }
  let vulnerable = false;
  let index = -1;
  range.events.forEach((e, i) => {
    const cmp = e.version === undefined ? 1 : c.compare(v, e.version);
    if (e.kind === 'introduced' && cmp >= 0) vulnerable = true;
    else if (e.kind === 'fixed' && cmp >= 0) vulnerable = false;
    else if (e.kind === 'last_affected' && cmp > 0) vulnerable = false;
    else return;
    index = i;
  });
  if (!vulnerable) return false;
  return range.events
    .slice(index + 1)
    .find((e) => e.kind === 'fixed' && c.compare(v, e.version) < 0);
}

function sortedUnique(
  fixed: { raw: string; version: unknown; comparator: VersionComparator }[],
): string[] {
  const first = fixed[0];
  if (!first) return [];
  const c = first.comparator;
  const sorted = fixed.every((f) => f.comparator === c)
    ? [...fixed].sort((a, b) => c.compare(a.version, b.version))
    : fixed;
  return [...new Set(sorted.map((f) => f.raw))];
}
