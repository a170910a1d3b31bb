import { systemClock, type Clock } from '../../core/index.ts';
import { VulnDbError } from '../errors.ts';
import type { AdvisoryDb, EcosystemCount } from './store.ts';

/** Meta key of the time the last successful `update()` finished. */
export const META_UPDATED_AT = 'updated_at';

export interface DbStatus {
  readonly path: string;
  readonly records: number;
  readonly withdrawn: number;
  readonly ecosystems: readonly EcosystemCount[];
  /** Newest `modified` of any record. */
  readonly newestModified: string | undefined;
  /** When `update()` last succeeded; undefined for a database built by `import` only. */
  readonly updatedAt: string | undefined;
  /**
   * Age of the data in days (fractional): since the last update, or, for an imported-only
   * database, since its newest record was modified. Undefined for an empty database.
   */
  readonly ageDays: number | undefined;
}

const DAY_MS = 86_400_000;

/** Record counts per ecosystem, freshness and age of the database. */
export function dbStatus(db: AdvisoryDb, clock: Clock = systemClock): DbStatus {
  const totals = db.totals();
  const updatedAt = db.getMeta(META_UPDATED_AT);
  const reference = updatedAt ?? totals.newestModified;
  const ageDays =
    reference === undefined ? undefined : (clock.now().getTime() - Date.parse(reference)) / DAY_MS;
  return {
    path: db.path,
    records: totals.records,
    withdrawn: totals.withdrawn,
    ecosystems: db.ecosystems(),
    newestModified: totals.newestModified,
    updatedAt,
    ageDays,
  };
}

/** True when the database is older than `maxDays` (an empty database is always stale). */
export function isOlderThan(status: DbStatus, maxDays: number): boolean {
  return status.ageDays === undefined || status.ageDays > maxDays;
}

/**
 * Throws `DB_STALE` when the database is older than `maxDays` (the CLI's `--max-db-age`).
 *
 * @example
 *   assertFresh(dbStatus(db), 7);
 */
export function assertFresh(status: DbStatus, maxDays: number): void {
  if (!isOlderThan(status, maxDays)) return;
  const age = status.ageDays === undefined ? 'empty' : `${status.ageDays.toFixed(1)} days old`;
  throw new VulnDbError(
    'DB_STALE',
    `advisory database ${status.path} is ${age} (limit ${maxDays} days); run 'sigil db update'`,
  );
}
