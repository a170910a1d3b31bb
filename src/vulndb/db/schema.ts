import type { DatabaseSync } from 'node:sqlite';
import { VulnDbError } from '../errors.ts';
import { SCHEMA_VERSION } from './constants.ts';

/**
 * Tables. `records` holds each advisory's JSON (raw-deflated when that pays, see `encoding`)
 * and the index keys it was filed under (`keys`, to remove them when a newer revision
 * arrives); `packages` is the index from (ecosystem as written in the advisory, package name in
 * normal form) to record ids, carrying the record's `affected[]` entries for that package, so a
 * lookup evaluates ranges from the index alone and never loads the database into memory.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS records (
  id TEXT PRIMARY KEY,
  modified TEXT NOT NULL,
  withdrawn TEXT,
  aliases TEXT NOT NULL,
  upstream TEXT NOT NULL,
  keys TEXT NOT NULL,
  advisory TEXT NOT NULL,
  encoding INTEGER NOT NULL,
  body BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS packages (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  record_id TEXT NOT NULL,
  withdrawn INTEGER NOT NULL,
  entries TEXT NOT NULL,
  PRIMARY KEY (ecosystem, name, record_id)
) WITHOUT ROWID;
`;

/** Creates the tables in an empty database, or checks an existing one's schema version. */
export function ensureSchema(db: DatabaseSync, path: string): void {
  const hasMeta = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
    .get();
  if (hasMeta === undefined) {
    const tables = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get();
    if (Number(tables?.['n']) > 0) {
      throw new VulnDbError('DB_INVALID', `${path} is not a Sigil advisory database`);
    }
    db.exec(DDL);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(
      'schema_version',
      String(SCHEMA_VERSION),
    );
    return;
  }
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get();
  if (row?.['value'] !== String(SCHEMA_VERSION)) {
    throw new VulnDbError(
      'DB_INVALID',
      `${path} has schema version ${String(row?.['value'])}, expected ${SCHEMA_VERSION}; run 'sigil db update' to rebuild it`,
    );
  }
}
