import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { VulnDbError } from '../errors.ts';
import { DB_LIMITS } from './constants.ts';
import { ensureSchema } from './schema.ts';
import type { ValidRecord } from './validate.ts';

const ENCODING_TEXT = 0;
const ENCODING_DEFLATE = 1;
/**
 * Records below this size are stored as text: deflating one costs about three JSON parses
 * (zlib's per-call setup dominates small inputs), which would halve the import rate, while the
 * bytes are in the larger records (long `versions` lists, details) that do get compressed.
 */
const COMPRESS_FROM_BYTES = 4096;

export type PutResult = 'inserted' | 'replaced' | 'unchanged';

/** A row of the package index: which record names the package, under which ecosystem string. */
export interface IndexHit {
  readonly recordId: string;
  readonly ecosystem: string;
  readonly withdrawn: boolean;
  /** JSON of the record's `affected[]` entries for the package (untrusted, as the record). */
  readonly entries: string;
}

export interface StoredRecord {
  readonly id: string;
  readonly modified: string;
  readonly withdrawn: string | undefined;
  /** The record's JSON, parsed; still untrusted beyond what `validateRecord` checked. */
  readonly record: unknown;
}

export interface EcosystemCount {
  readonly ecosystem: string;
  readonly records: number;
  readonly newestModified: string | undefined;
}

/**
 * The advisory database: one SQLite file, read through its package index so that a scan never
 * loads the whole database into memory.
 *
 * @example
 *   const db = AdvisoryDb.open('./db.sqlite');
 *   try { db.lookup(['Debian:12', 'Debian'], [], 'glibc'); } finally { db.close(); }
 */
export class AdvisoryDb {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #stmts = new Map<string, StatementSync>();

  private constructor(file: string, db: DatabaseSync) {
    this.path = file;
    this.#db = db;
  }

  /** Opens (creating when `create` is set and the file is missing) and checks the schema. */
  /**
   * `scratch`: the file is a private copy that is discarded on failure (an update in progress),
   * so SQLite may skip its rollback journal and fsyncs.
   */
  static open(
    file: string,
    options: { readonly create?: boolean; readonly scratch?: boolean } = {},
  ): AdvisoryDb {
    const exists = existsSync(file);
    if (!exists && options.create !== true) {
      throw new VulnDbError(
        'DB_INVALID',
        `no advisory database at ${file}; run 'sigil db update' or 'sigil db import'`,
      );
    }
    if (!exists) mkdirSync(path.dirname(file), { recursive: true });
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(file);
      db.exec(
        options.scratch === true
          ? 'PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;'
          : 'PRAGMA journal_mode = DELETE; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536;',
      );
    } catch (err) {
      throw new VulnDbError('DB_INVALID', `cannot open advisory database ${file}`, { cause: err });
    }
    try {
      ensureSchema(db, file);
    } catch (err) {
      db.close();
      if (err instanceof VulnDbError) throw err;
      throw new VulnDbError('DB_INVALID', `${file} is not a readable SQLite database`, {
        cause: err,
      });
    }
    return new AdvisoryDb(file, db);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  /** Runs `fn` in one transaction (bulk inserts are fast only inside one). */
  transaction<T>(fn: () => T): T {
    this.#db.exec('BEGIN');
    try {
      const out = fn();
      this.#db.exec('COMMIT');
      return out;
    } catch (err) {
      this.#db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Stores a record unless the database already has the same or a newer revision of it. */
  put(rec: ValidRecord): PutResult {
    const old = this.#stmt('SELECT modified, keys FROM records WHERE id = ?').get(rec.id);
    if (old !== undefined && String(old['modified']) >= rec.modified) return 'unchanged';
    if (old !== undefined) this.#unindex(rec.id, String(old['keys']));
    const { encoding, body } = encode(rec.json);
    const keys = rec.keys.map((k) => [k.ecosystem, k.name]);
    this.#stmt(
      'INSERT OR REPLACE INTO records (id, modified, withdrawn, aliases, upstream, keys, advisory, encoding, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      rec.id,
      rec.modified,
      rec.withdrawn ?? null,
      JSON.stringify(rec.aliases),
      JSON.stringify(rec.upstream),
      JSON.stringify(keys),
      rec.advisory,
      encoding,
      body,
    );
    const index = this.#stmt(
      'INSERT OR REPLACE INTO packages (ecosystem, name, record_id, withdrawn, entries) VALUES (?, ?, ?, ?, ?)',
    );
    const withdrawn = rec.withdrawn === undefined ? 0 : 1;
    for (const key of rec.keys) index.run(key.ecosystem, key.name, rec.id, withdrawn, key.entries);
    return old === undefined ? 'inserted' : 'replaced';
  }

  #unindex(id: string, keysJson: string): void {
    const remove = this.#stmt(
      'DELETE FROM packages WHERE ecosystem = ? AND name = ? AND record_id = ?',
    );
    for (const [ecosystem, name] of JSON.parse(keysJson) as [string, string][]) {
      remove.run(ecosystem, name, id);
    }
  }

  /**
   * Index rows naming `name` (already in its ecosystem's normal form) under one of
   * `ecosystems` exactly, or under an ecosystem string starting with one of `prefixes`.
   */
  lookup(ecosystems: readonly string[], prefixes: readonly string[], name: string): IndexHit[] {
    const hits: IndexHit[] = [];
    const exact = this.#stmt(
      'SELECT ecosystem, record_id, withdrawn, entries FROM packages WHERE ecosystem = ? AND name = ?',
    );
    for (const ecosystem of ecosystems) {
      for (const row of exact.all(ecosystem, name)) hits.push(hit(row));
    }
    const ranged = this.#stmt(
      'SELECT ecosystem, record_id, withdrawn, entries FROM packages WHERE ecosystem >= ? AND ecosystem < ? AND name = ?',
    );
    for (const prefix of prefixes) {
      for (const row of ranged.all(prefix, `${prefix}\uffff`, name)) hits.push(hit(row));
    }
    return hits;
  }

  /** One record by id, decoded and parsed; undefined when absent. */
  get(id: string): StoredRecord | undefined {
    const row = this.#stmt(
      'SELECT id, modified, withdrawn, encoding, body FROM records WHERE id = ?',
    ).get(id);
    if (row === undefined) return undefined;
    const body = row['body'] as Uint8Array;
    const text =
      row['encoding'] === ENCODING_DEFLATE
        ? inflateRawSync(body, { maxOutputLength: DB_LIMITS.recordBytes }).toString('utf8')
        : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
    const withdrawn = row['withdrawn'];
    return {
      id: String(row['id']),
      modified: String(row['modified']),
      withdrawn: typeof withdrawn === 'string' ? withdrawn : undefined,
      record: JSON.parse(text) as unknown,
    };
  }

  /** The finding-relevant summary of a record (see `ValidRecord.advisory`); undefined when absent. */
  advisory(id: string): { readonly withdrawn: boolean; readonly advisory: unknown } | undefined {
    const row = this.#stmt('SELECT withdrawn, advisory FROM records WHERE id = ?').get(id);
    if (row === undefined) return undefined;
    return {
      withdrawn: typeof row['withdrawn'] === 'string',
      advisory: JSON.parse(String(row['advisory'])),
    };
  }

  getMeta(key: string): string | undefined {
    const row = this.#stmt('SELECT value FROM meta WHERE key = ?').get(key);
    return row === undefined ? undefined : String(row['value']);
  }

  setMeta(key: string, value: string): void {
    this.#stmt('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  }

  /** The rest of every meta key starting with `prefix`, sorted. */
  metaKeys(prefix: string): string[] {
    const rows = this.#stmt('SELECT key FROM meta WHERE key >= ? AND key < ? ORDER BY key').all(
      prefix,
      `${prefix}\uffff`,
    );
    return rows.map((row) => String(row['key']).slice(prefix.length));
  }

  /** Totals over the whole database. */
  totals(): { records: number; withdrawn: number; newestModified: string | undefined } {
    const row = this.#stmt(
      'SELECT COUNT(*) AS n, COUNT(withdrawn) AS w, MAX(modified) AS m FROM records',
    ).get();
    const m = row?.['m'];
    return {
      records: Number(row?.['n'] ?? 0),
      withdrawn: Number(row?.['w'] ?? 0),
      newestModified: typeof m === 'string' ? m : undefined,
    };
  }

  /** Records and newest `modified` per ecosystem string, in ecosystem order. */
  ecosystems(): EcosystemCount[] {
    const rows = this.#stmt(
      `SELECT p.ecosystem AS e, COUNT(DISTINCT p.record_id) AS n, MAX(r.modified) AS m
       FROM packages p JOIN records r ON r.id = p.record_id GROUP BY p.ecosystem ORDER BY p.ecosystem`,
    ).all();
    return rows.map((row) => ({
      ecosystem: String(row['e']),
      records: Number(row['n']),
      newestModified: typeof row['m'] === 'string' ? row['m'] : undefined,
    }));
  }

  #stmt(sql: string): StatementSync {
    let stmt = this.#stmts.get(sql);
    if (stmt === undefined) {
      stmt = this.#db.prepare(sql);
      this.#stmts.set(sql, stmt);
    }
    return stmt;
  }
}

function hit(row: Record<string, unknown>): IndexHit {
  return {
    recordId: String(row['record_id']),
    ecosystem: String(row['ecosystem']),
    withdrawn: row['withdrawn'] === 1,
    entries: String(row['entries']),
  };
}

function encode(json: string): { encoding: number; body: Uint8Array } {
  const raw = Buffer.from(json, 'utf8');
  if (raw.length < COMPRESS_FROM_BYTES) return { encoding: ENCODING_TEXT, body: raw };
  const packed = deflateRawSync(raw, { level: 1 });
  if (packed.length > raw.length * 0.9) return { encoding: ENCODING_TEXT, body: raw };
  return { encoding: ENCODING_DEFLATE, body: packed };
}
