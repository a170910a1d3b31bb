import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { systemClock, type Clock } from '../core/index.ts';
import { LedgerError, toLedgerError } from './errors.ts';
import { APPLICATION_ID, MIGRATIONS } from './schema.ts';
import type { Promotion, RecordInput, TrackedTag } from './types.ts';
import { checkDigest, checkName, checkRecord, checkSteps } from './validate.ts';

export interface LedgerOptions {
  /** File path, or `:memory:`. */
  readonly path: string;
  readonly clock?: Clock;
  /** How long a writer waits for another's lock before LEDGER_BUSY (default 5 s). */
  readonly busyTimeoutMs?: number;
  /** Open without creating, migrating or writing (the admission controller's mode). */
  readonly readOnly?: boolean;
}

type Row = Record<string, unknown>;

/**
 * The promotion ledger: which digest of which repository went to which app environment,
 * when and by whom. SQLite in WAL mode so readers (admission) never block the writer (CI).
 *
 * @example
 *   const ledger = openLedger({ path: defaultLedgerPath(process.env) });
 *   ledger.record({ app: 'shop', env: 'prod', repository: 'ghcr.io/acme/shop', tag: '1.4', digest, actor: 'ci' });
 *   ledger.close();
 */
export class Ledger {
  readonly #db: DatabaseSync;
  readonly #clock: Clock;

  constructor(db: DatabaseSync, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Record one promotion; returns it as stored. */
  record(input: RecordInput): Promotion {
    const p = checkRecord(input);
    const promotedAt = this.#clock.now().toISOString();
    const row = this.#run('record promotion', () =>
      this.#db
        .prepare(
          `INSERT INTO promotions (app, env, repository, tag, digest, actor, promoted_at, note)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(
          p.app,
          p.env,
          p.repository,
          p.tag ?? null,
          p.digest,
          p.actor,
          promotedAt,
          p.note ?? null,
        ),
    );
    return toPromotion(row as Row);
  }

  /** Promotions of `app` (in `env` if given), newest first. */
  history(query: {
    readonly app: string;
    readonly env?: string;
    readonly limit?: number;
  }): Promotion[] {
    const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? 1000)), 100_000);
    const params: SQLInputValue[] = [checkName('app', query.app)];
    if (query.env !== undefined) params.push(checkName('env', query.env));
    const sql = `SELECT * FROM promotions WHERE app = ?${query.env !== undefined ? ' AND env = ?' : ''}
                 ORDER BY id DESC LIMIT ${limit}`;
    return this.#all('read history', sql, params).map(toPromotion);
  }

  /**
   * The `to`-th (default 1st) distinct digest promoted to app/env before the current one,
   * as its most recent promotion. Throws LEDGER_NOT_FOUND when history is too short, and
   * LEDGER_AMBIGUOUS when app/env holds several repositories and none was named.
   */
  previousKnownGood(query: {
    readonly app: string;
    readonly env: string;
    readonly to?: number;
    readonly repository?: string;
  }): Promotion {
    const to = checkSteps(query.to ?? 1);
    const base = [checkName('app', query.app), checkName('env', query.env)];
    const repository = query.repository ?? this.#onlyRepository(query.app, query.env);
    const rows = this.#all(
      'find previous known-good',
      `SELECT MAX(id) AS last FROM promotions WHERE app = ? AND env = ? AND repository = ?
       GROUP BY digest ORDER BY last DESC LIMIT ?`,
      [...base, repository, to + 1],
    );
    const id = rows[to]?.last;
    if (typeof id !== 'number') {
      throw new LedgerError(
        'LEDGER_NOT_FOUND',
        `${query.app}/${query.env} has ${Math.max(0, rows.length - 1)} earlier digest(s) of ${repository}; cannot go back ${to}`,
      );
    }
    return toPromotion(
      this.#all('read promotion', 'SELECT * FROM promotions WHERE id = ?', [id])[0] as Row,
    );
  }

  /** Whether `digest` was ever promoted to app/env. */
  isPromoted(query: {
    readonly app: string;
    readonly env: string;
    readonly digest: string;
  }): boolean {
    const rows = this.#all(
      'check promotion',
      'SELECT 1 AS hit FROM promotions WHERE digest = ? AND app = ? AND env = ? LIMIT 1',
      [checkDigest(query.digest), checkName('app', query.app), checkName('env', query.env)],
    );
    return rows.length > 0;
  }

  /** Each promoted `repository:tag` with the digest it had at its latest promotion. */
  trackedTags(): TrackedTag[] {
    return this.#all(
      'list tracked tags',
      `SELECT p.repository, p.tag, p.digest, p.promoted_at FROM promotions p
       JOIN (SELECT MAX(id) AS id FROM promotions WHERE tag IS NOT NULL GROUP BY repository, tag) m
         ON p.id = m.id
       ORDER BY p.repository, p.tag`,
      [],
    ).map((r) => ({
      repository: String(r.repository),
      tag: String(r.tag),
      digest: String(r.digest),
      promotedAt: String(r.promoted_at),
    }));
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  #onlyRepository(app: string, env: string): string {
    const repos = this.#all(
      'list repositories',
      'SELECT DISTINCT repository FROM promotions WHERE app = ? AND env = ? ORDER BY repository LIMIT 11',
      [checkName('app', app), checkName('env', env)],
    ).map((r) => String(r.repository));
    if (repos.length === 0)
      throw new LedgerError('LEDGER_NOT_FOUND', `nothing was promoted to ${app}/${env}`);
    if (repos.length > 1) {
      throw new LedgerError(
        'LEDGER_AMBIGUOUS',
        `${app}/${env} holds several repositories (${repos.slice(0, 10).join(', ')}); name one`,
      );
    }
    return repos[0] as string;
  }

  #all(what: string, sql: string, params: SQLInputValue[]): Row[] {
    return this.#run(what, () => this.#db.prepare(sql).all(...params) as Row[]);
  }

  #run<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw toLedgerError(err, what);
    }
  }
}

function toPromotion(r: Row): Promotion {
  return {
    id: Number(r.id),
    app: String(r.app),
    env: String(r.env),
    repository: String(r.repository),
    tag: r.tag === null || r.tag === undefined ? undefined : String(r.tag),
    digest: String(r.digest),
    actor: String(r.actor),
    promotedAt: String(r.promoted_at),
    note: r.note === null || r.note === undefined ? undefined : String(r.note),
  };
}

/**
 * Open (creating and migrating unless read-only) the ledger at `options.path`. A file that
 * is not SQLite, is damaged, or belongs to another application fails with a coded error.
 */
export function openLedger(options: LedgerOptions): Ledger {
  const { path, readOnly = false } = options;
  let db: DatabaseSync;
  try {
    if (path !== ':memory:' && !readOnly)
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    db = new DatabaseSync(path, { readOnly });
  } catch (err) {
    throw toLedgerError(err, `open ledger ${path}`);
  }
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    if (!readOnly) db.exec('PRAGMA journal_mode = WAL');
    migrate(db, readOnly, path);
    return new Ledger(db, options.clock ?? systemClock);
  } catch (err) {
    db.close();
    throw toLedgerError(err, `open ledger ${path}`);
  }
}

function migrate(db: DatabaseSync, readOnly: boolean, path: string): void {
  const appId = Number((db.prepare('PRAGMA application_id').get() as Row).application_id);
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Row[]
  ).map((r) => String(r.name));
  const foreign =
    appId !== 0
      ? appId !== APPLICATION_ID
      : tables.length > 0 && !tables.includes('schema_version');
  if (foreign)
    throw new LedgerError(
      'LEDGER_NOT_A_LEDGER',
      `${path} is an SQLite database of another application`,
    );
  if (readOnly) {
    if (currentVersion(db, tables) !== MIGRATIONS.length) versionMismatch(db, tables, path);
    return;
  }
  // IMMEDIATE takes the write lock first, so two processes creating the ledger at once
  // serialise instead of both migrating.
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const version = currentVersion(db, ['schema_version']);
    if (version > MIGRATIONS.length) versionMismatch(db, ['schema_version'], path);
    for (const sql of MIGRATIONS.slice(version)) db.exec(sql);
    db.exec('DELETE FROM schema_version');
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(MIGRATIONS.length);
    db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    db.exec('COMMIT');
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

function currentVersion(db: DatabaseSync, tables: readonly string[]): number {
  if (!tables.includes('schema_version')) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as Row | undefined;
  return typeof row?.v === 'number' ? row.v : 0;
}

function versionMismatch(db: DatabaseSync, tables: readonly string[], path: string): never {
  const version = currentVersion(db, tables);
  if (version > MIGRATIONS.length) {
    throw new LedgerError(
      'LEDGER_SCHEMA_NEWER',
      `${path} has schema version ${version}; this sigil knows up to ${MIGRATIONS.length}: upgrade sigil`,
    );
  }
  throw new LedgerError(
    'LEDGER_NOT_FOUND',
    `${path} is not an initialised ledger (schema version ${version})`,
  );
}
