import { closeSync, lstatSync, openSync, readdirSync, readSync, type Stats } from 'node:fs';
import path from 'node:path';
import { noEvents, type EventSink } from '../../core/index.ts';
import { VulnDbError } from '../errors.ts';
import { DB_LIMITS } from './constants.ts';
import type { AdvisoryDb } from './store.ts';
import { validateRecord } from './validate.ts';
import { readZip } from './zip.ts';

/** What an import did, record by record. */
export interface ImportStats {
  /** Records read that passed validation. */
  read: number;
  inserted: number;
  replaced: number;
  /** Valid records the database already held at the same or a newer `modified`. */
  unchanged: number;
  /** Files or entries skipped as invalid (each reported as a warning event). */
  skipped: number;
  /** Newest `modified` among the valid records read. */
  newestModified: string | undefined;
}

export interface ImportOptions {
  readonly events?: EventSink;
  /** Records per transaction. */
  readonly batchSize?: number;
}

/**
 * Imports OSV records into `db` from JSON files, folders (recursively; `*.json` and `*.zip`
 * inside them) and zip archives such as the per-ecosystem `all.zip` dumps. Invalid records
 * are skipped with a `OSV_RECORD_SKIPPED` warning; an unreadable source throws
 * `DB_IMPORT_FAILED` (or `ZIP_INVALID`) after the batches before it are committed.
 *
 * @example
 *   const stats = importSources(db, ['./osv/npm/all.zip', './extra-advisories/']);
 */
export function importSources(
  db: AdvisoryDb,
  sources: readonly string[],
  options: ImportOptions = {},
): ImportStats {
  const sink = new RecordSink(db, options.events ?? noEvents, options.batchSize ?? 5_000);
  try {
    for (const source of sources) importSource(sink, path.resolve(source));
  } finally {
    sink.flush();
  }
  return sink.stats;
}

/** Imports record texts already in memory (e.g. downloaded one by one). */
export function importTexts(
  db: AdvisoryDb,
  texts: Iterable<{ readonly origin: string; readonly text: string }>,
  options: ImportOptions = {},
): ImportStats {
  const sink = new RecordSink(db, options.events ?? noEvents, options.batchSize ?? 5_000);
  try {
    for (const { origin, text } of texts) sink.add(origin, text);
  } finally {
    sink.flush();
  }
  return sink.stats;
}

function importSource(sink: RecordSink, source: string): void {
  const st = statOrThrow(source);
  if (st.isDirectory()) return importFolder(sink, source, 0, { files: 0 });
  if (!st.isFile()) throw new VulnDbError('DB_IMPORT_FAILED', `${source} is not a file or folder`);
  importFile(sink, source, st);
}

function importFile(sink: RecordSink, file: string, st: Stats): void {
  if (file.endsWith('.zip')) {
    for (const entry of readZip(file)) {
      if (!entry.name.endsWith('.json')) continue;
      const origin = `${file}!${entry.name}`;
      if (entry.kind === 'skipped') sink.skip(origin, entry.reason);
      else sink.add(origin, entry.data.toString('utf8'));
    }
    return;
  }
  if (st.size > DB_LIMITS.recordBytes)
    return sink.skip(file, `larger than ${DB_LIMITS.recordBytes} bytes`);
  sink.add(file, readBounded(file, st.size));
}

// Symbolic links are not followed: a folder of advisories has no reason to contain any, and
// following them could loop or leave the folder.
function importFolder(sink: RecordSink, dir: string, depth: number, seen: { files: number }): void {
  if (depth > DB_LIMITS.folderDepth)
    throw new VulnDbError('DB_IMPORT_FAILED', `${dir}: folders nest too deeply`);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    throw new VulnDbError('DB_IMPORT_FAILED', `cannot read folder ${dir}`, { cause: err });
  }
  for (const name of names) {
    const full = path.join(dir, name);
    const st = statOrThrow(full);
    if (st.isDirectory()) {
      importFolder(sink, full, depth + 1, seen);
    } else if (st.isFile() && (name.endsWith('.json') || name.endsWith('.zip'))) {
      if (++seen.files > DB_LIMITS.folderFiles) {
        throw new VulnDbError(
          'DB_IMPORT_FAILED',
          `${dir}: more than ${DB_LIMITS.folderFiles} files`,
        );
      }
      importFile(sink, full, st);
    }
  }
}

function statOrThrow(file: string): Stats {
  try {
    return lstatSync(file);
  } catch (err) {
    throw new VulnDbError('DB_IMPORT_FAILED', `cannot read ${file}`, { cause: err });
  }
}

function readBounded(file: string, size: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size);
    const n = readSync(fd, buf, 0, size, 0);
    return buf.toString('utf8', 0, n);
  } finally {
    closeSync(fd);
  }
}

/** Validates records and writes them in batches, one transaction per batch. */
class RecordSink {
  readonly stats: ImportStats = {
    read: 0,
    inserted: 0,
    replaced: 0,
    unchanged: 0,
    skipped: 0,
    newestModified: undefined,
  };
  readonly #db: AdvisoryDb;
  readonly #events: EventSink;
  readonly #batchSize: number;
  #pending: { origin: string; text: string }[] = [];

  constructor(db: AdvisoryDb, events: EventSink, batchSize: number) {
    this.#db = db;
    this.#events = events;
    this.#batchSize = Math.max(1, batchSize);
  }

  add(origin: string, text: string): void {
    this.#pending.push({ origin, text });
    if (this.#pending.length >= this.#batchSize) this.flush();
  }

  skip(origin: string, reason: string): void {
    this.stats.skipped++;
    this.#events({ kind: 'warning', code: 'OSV_RECORD_SKIPPED', message: `${origin}: ${reason}` });
  }

  flush(): void {
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    this.#db.transaction(() => {
      for (const { origin, text } of batch) this.#write(origin, text);
    });
    this.#events({
      kind: 'progress',
      task: 'db-import',
      id: 'records',
      done: this.stats.read,
      total: undefined,
    });
  }

  #write(origin: string, text: string): void {
    const v = validateRecord(text);
    if (!v.ok) return this.skip(v.id === undefined ? origin : `${origin} (${v.id})`, v.reason);
    this.stats.read++;
    const s = this.stats;
    if (s.newestModified === undefined || v.record.modified > s.newestModified)
      s.newestModified = v.record.modified;
    s[this.#db.put(v.record)]++;
  }
}
