import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { Clock } from '../core/index.ts';
import { LedgerError, toLedgerError } from './errors.ts';
import type { Promotion, RecordInput, TrackedTag } from './types.ts';
import { checkDigest, checkName, checkRecord, checkSteps } from './validate.ts';

export type Row = Record<string, unknown>;

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
