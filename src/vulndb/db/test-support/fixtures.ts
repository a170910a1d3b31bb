// Test support: where the shared OSV fixtures are, and a database built from them in a temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSources } from '../import.ts';
import { AdvisoryDb } from '../store.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The answer-keyed OSV records (copies kept beside the `osv/` module). */
export const RECORDS_DIR = path.resolve(here, '..', '..', 'osv', 'fixtures', 'records');
export const SUMMARY_CASES = path.resolve(here, '..', '..', 'osv', 'fixtures', 'summary-cases.tsv');
export const REPO_ROOT = path.resolve(here, '..', '..', '..', '..');

/** A fresh temp folder, removed by the returned `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sigil-vulndb-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A database in `dir` holding every fixture record. */
export function fixtureDb(dir: string): AdvisoryDb {
  const db = AdvisoryDb.open(path.join(dir, 'db.sqlite'), { create: true });
  importSources(db, [RECORDS_DIR]);
  return db;
}
