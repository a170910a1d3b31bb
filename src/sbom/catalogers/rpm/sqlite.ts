import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SbomError } from '../../errors.ts';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const MAX_ROWS = 1_000_000;

export function isSqlite(db: Uint8Array): boolean {
  return db.length >= 100 && Buffer.from(db.subarray(0, 16)).equals(SQLITE_MAGIC);
}

/**
 * Header blobs of rpm's sqlite backend (`rpmdb.sqlite`, rpm ≥ 4.16: table `Packages`, column
 * `blob`). node:sqlite opens files only, so the bytes go to a private temp file opened
 * read-only; the file is removed whatever happens.
 */
export async function sqliteBlobs(db: Uint8Array): Promise<Uint8Array[]> {
  if (!isSqlite(db)) throw new SbomError('PACKAGE_DB_INVALID', 'rpm sqlite: not an SQLite 3 file');
  const dir = await mkdtemp(join(tmpdir(), 'sigil-rpmdb-'));
  try {
    const file = join(dir, 'rpmdb.sqlite');
    await writeFile(file, db, { mode: 0o600 });
    let conn: DatabaseSync | undefined;
    try {
      conn = new DatabaseSync(file, { readOnly: true, enableForeignKeyConstraints: false });
      assertPlainTable(conn);
      const rows: Uint8Array[] = [];
      for (const row of conn.prepare('SELECT blob FROM Packages').iterate()) {
        const blob = (row as { blob?: unknown }).blob;
        if (blob instanceof Uint8Array) rows.push(blob);
        if (rows.length > MAX_ROWS)
          throw new SbomError('PACKAGE_DB_INVALID', 'rpm sqlite: too many rows');
      }
      return rows;
    } catch (err) {
      if (err instanceof SbomError) throw err;
      throw new SbomError('PACKAGE_DB_INVALID', `rpm sqlite: ${(err as Error).message}`, {
        cause: err,
      });
    } finally {
      conn?.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// A hostile database could define `Packages` as a view (say, an endless recursive CTE) or a
// virtual table; rpm only ever writes an ordinary table, so nothing else is read.
function assertPlainTable(conn: DatabaseSync): void {
  const row = conn.prepare("SELECT type, sql FROM sqlite_master WHERE name = 'Packages'").get() as
    { type?: unknown; sql?: unknown } | undefined;
  if (
    row?.type !== 'table' ||
    typeof row.sql !== 'string' ||
    /^\s*CREATE\s+VIRTUAL/i.test(row.sql)
  ) {
    throw new SbomError('PACKAGE_DB_INVALID', 'rpm sqlite: no ordinary Packages table');
  }
}
