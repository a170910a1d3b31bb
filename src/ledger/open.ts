import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { systemClock, type Clock } from '../core/index.ts';
import { LedgerError, toLedgerError } from './errors.ts';
import { Ledger, type Row } from './ledger.ts';
import { APPLICATION_ID, MIGRATIONS } from './schema.ts';

export interface LedgerOptions {
  /** File path, or `:memory:`. */
  readonly path: string;
  readonly clock?: Clock;
  /** How long a writer waits for another's lock before LEDGER_BUSY (default 5 s). */
  readonly busyTimeoutMs?: number;
  /** Open without creating, migrating or writing (the admission controller's mode). */
  readonly readOnly?: boolean;
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
