import { isSigilError, noEvents, type EventSink } from '../../core/index.ts';
import { DB_LIMITS } from '../db/constants.ts';
import type { AdvisoryDb, IndexHit } from '../db/store.ts';
import { evaluateRecord, type AffectedVerdict } from '../osv/index.ts';
import { advisoryPart, type AdvisoryPart } from './finding.ts';
import { planQuery, type Query } from './query.ts';
import type { Distro, Finding, MatchPackage, MatchResult, UnmatchedPackage } from './types.ts';

export interface MatchOptions {
  readonly distro?: Distro;
  readonly events?: EventSink;
}

/**
 * Finds the advisories whose affected ranges contain each package's installed version.
 * Withdrawn advisories are never reported; an advisory that cannot be read is skipped with a
 * warning. Findings are sorted by package (name, version, type, purl) then advisory id.
 *
 * @example
 *   const { findings } = matchPackages(db, [
 *     { name: 'libc6', version: '2.36-9+deb12u4', type: 'deb', sourceName: 'glibc' },
 *   ], { distro: { id: 'debian', versionId: '12' } });
 */
export function matchPackages(
  db: AdvisoryDb,
  packages: readonly MatchPackage[],
  options: MatchOptions = {},
): MatchResult {
  const matcher = new Matcher(db, options.events ?? noEvents);
  const findings: Finding[] = [];
  const unmatched: UnmatchedPackage[] = [];
  for (const pkg of packages) {
    const query = planQuery(pkg, options.distro);
    if (query === undefined) {
      unmatched.push({ package: pkg, reason: 'ecosystem-unknown' });
      continue;
    }
    if (query.version === '') {
      unmatched.push({ package: pkg, reason: 'version-missing' });
      continue;
    }
    for (const hit of matcher.advisories(query)) findings.push(withPackage(hit, pkg));
  }
  findings.sort(compareFindings);
  return { findings, unmatched };
}

interface Hit {
  readonly advisory: AdvisoryPart;
  readonly ecosystem: string;
  readonly name: string;
  readonly version: string;
}

/** Caches per-query results: the binary packages of one source package share them. */
class Matcher {
  readonly #db: AdvisoryDb;
  readonly #events: EventSink;
  readonly #queries = new Map<string, Hit[]>();
  readonly #warned = new Set<string>();

  constructor(db: AdvisoryDb, events: EventSink) {
    this.#db = db;
    this.#events = events;
  }

  advisories(query: Query): Hit[] {
    const key = JSON.stringify(query);
    let hits = this.#queries.get(key);
    if (hits === undefined) {
      hits = this.#evaluate(query);
      this.#queries.set(key, hits);
    }
    return hits;
  }

  #evaluate(query: Query): Hit[] {
    const byId = new Map<string, Hit>();
    for (const name of query.names) {
      const rows = this.#db.lookup(query.ecosystems, query.prefixes, name);
      if (rows.length > DB_LIMITS.recordsPerPackage) {
        this.#warn(
          'MATCH_TRUNCATED',
          `${name}: ${rows.length} advisories, only the first ${DB_LIMITS.recordsPerPackage} evaluated`,
        );
      }
      for (const row of rows.slice(0, DB_LIMITS.recordsPerPackage)) {
        if (row.withdrawn || byId.has(row.recordId)) continue;
        const evaluated = this.#verdict(row, name, query.version);
        if (evaluated === undefined) continue;
        const stored = this.#advisory(row.recordId);
        if (stored === undefined || stored.withdrawn) continue;
        const record = {
          ...(stored.advisory as Record<string, unknown>),
          affected: evaluated.affected,
        };
        byId.set(row.recordId, {
          advisory: advisoryPart(record, row.ecosystem, name, evaluated.verdict.fixed),
          ecosystem: row.ecosystem,
          name,
          version: query.version,
        });
      }
    }
    return [...byId.values()];
  }

  // Evaluates the index row's `affected[]` entries (the record's entries for this package);
  // the verdict when they contain the version, undefined when not or when unreadable.
  #verdict(
    row: IndexHit,
    name: string,
    version: string,
  ): { verdict: AffectedVerdict; affected: unknown } | undefined {
    const { recordId: id, ecosystem } = row;
    try {
      const affected = JSON.parse(row.entries) as unknown;
      const verdict = evaluateRecord({ id, affected }, { ecosystem, name, version });
      if (verdict.kind !== 'evaluated') return undefined;
      for (const note of verdict.notes) {
        if (note.code === 'VERSION_INVALID' || note.code === 'ECOSYSTEM_UNKNOWN') {
          this.#warnOnce('MATCH_' + note.code, `${name} ${version}: ${note.message}`);
        }
      }
      return verdict.affected ? { verdict, affected } : undefined;
    } catch (err) {
      if (!isSigilError(err) && !(err instanceof SyntaxError)) throw err;
      this.#warn('OSV_RECORD_UNREADABLE', `${id}: ${err.message}`);
      return undefined;
    }
  }

  #advisory(id: string): { readonly withdrawn: boolean; readonly advisory: unknown } | undefined {
    try {
      return this.#db.advisory(id);
    } catch (err) {
      this.#warn('OSV_RECORD_UNREADABLE', `${id}: ${(err as Error).message}`);
      return undefined;
    }
  }

  // One warning per message: an unreadable installed version would otherwise be reported once
  // per advisory of its package.
  #warnOnce(code: string, message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.#warn(code, message);
  }

  #warn(code: string, message: string): void {
    this.#events({ kind: 'warning', code, message });
  }
}

function withPackage(hit: Hit, pkg: MatchPackage): Finding {
  return {
    ...hit.advisory,
    package: {
      name: pkg.name,
      version: pkg.version,
      type: pkg.type,
      purl: pkg.purl,
      sourceName: pkg.sourceName,
      sourceVersion: pkg.sourceVersion,
      ecosystem: hit.ecosystem,
      matchedName: hit.name,
      matchedVersion: hit.version,
    },
    locations: [...(pkg.locations ?? [])],
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.package.name, b.package.name) ||
    cmp(a.package.version, b.package.version) ||
    cmp(a.package.type, b.package.type) ||
    cmp(a.package.purl ?? '', b.package.purl ?? '') ||
    cmp(a.locations.join('\n'), b.locations.join('\n')) ||
    cmp(a.id, b.id)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
