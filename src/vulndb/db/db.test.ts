import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { SigilEvent } from '../../core/index.ts';
import { importSources } from './import.ts';
import { resolveDbPath } from './path.ts';
import { assertFresh, dbStatus, isOlderThan } from './status.ts';
import { AdvisoryDb } from './store.ts';
import { RECORDS_DIR, REPO_ROOT, tempDir } from './test-support/fixtures.ts';
import { writeZip } from './test-support/zip-writer.ts';

const t = tempDir();
after(t.cleanup);
let n = 0;
const newDb = (): AdvisoryDb =>
  AdvisoryDb.open(path.join(t.dir, `db-${++n}.sqlite`), { create: true });
const fixedClock = (iso: string) => ({ now: () => new Date(iso), sleep: async () => {} });

function fixtureFiles(): string[] {
  return readdirSync(RECORDS_DIR, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.json'),
  );
}

function record(over: Record<string, unknown>): string {
  return JSON.stringify({
    id: 'GHSA-test-0001',
    modified: '2024-01-01T00:00:00Z',
    affected: [
      {
        package: { ecosystem: 'npm', name: 'left-pad' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }],
      },
    ],
    ...over,
  });
}

describe('advisory database', () => {
  it('imports every fixture record and indexes it by ecosystem and package', () => {
    const db = newDb();
    const stats = importSources(db, [RECORDS_DIR]);
    const ids = new Set(
      fixtureFiles().map(
        (f) => (JSON.parse(readFileSync(path.join(RECORDS_DIR, f), 'utf8')) as { id: string }).id,
      ),
    );
    assert.equal(stats.read, fixtureFiles().length);
    assert.equal(db.totals().records, ids.size);
    assert.deepEqual(
      db.ecosystems().map((e) => e.ecosystem),
      ['Debian:12', 'PyPI', 'npm'],
    );
    const glibc = db
      .lookup(['Debian:12', 'Debian'], [], 'glibc')
      .map((h) => h.recordId)
      .sort();
    assert.ok(glibc.includes('DSA-5678-1'));
    const stored = db.get('DSA-5678-1');
    assert.equal((stored?.record as { id: string }).id, 'DSA-5678-1');
    const withdrawn = db.get('GHSA-rm8p-cx58-hcvx');
    assert.equal(
      withdrawn?.withdrawn,
      '2025-07-24T13:35:30.000Z',
      'withdrawn records are kept and marked',
    );
    db.close();
  });

  it('keeps the newest revision of a record', () => {
    const db = newDb();
    const dir = path.join(t.dir, 'revisions');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'a.json'),
      record({ summary: 'new', modified: '2024-02-01T00:00:00Z' }),
    );
    writeFileSync(path.join(dir, 'b.json'), record({ summary: 'old' }));
    const first = importSources(db, [path.join(dir, 'b.json')]);
    assert.equal(first.inserted, 1);
    const second = importSources(db, [path.join(dir, 'a.json'), path.join(dir, 'b.json')]);
    assert.deepEqual([second.replaced, second.unchanged], [1, 1]);
    assert.equal((db.get('GHSA-test-0001')?.record as { summary: string }).summary, 'new');
    assert.equal(db.lookup(['npm'], [], 'left-pad').length, 1);
    db.close();
  });

  it('skips hostile or malformed records with a warning and imports the rest', () => {
    const db = newDb();
    const events: SigilEvent[] = [];
    const bad = [
      'not json',
      '[1,2]',
      JSON.stringify({ modified: '2024-01-01T00:00:00Z' }),
      record({ id: '../../etc/passwd' }),
      record({ modified: 'yesterday' }),
      record({ modified: undefined }),
      record({ aliases: 'CVE-1' }),
      record({ affected: { package: 'x' } }),
      record({ affected: [{ package: { ecosystem: 'npm' } }] }),
      record({
        affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER' }] }],
      }),
      record({ summary: 'x'.repeat(5 * 1024 * 1024) }),
      record({
        affected: [{ package: { ecosystem: 'npm', name: 'deep' }, database_specific: { v: 0 } }],
      }).replace('{"v":0}', `${'['.repeat(500_000)}${']'.repeat(500_000)}`),
    ];
    const zip = path.join(t.dir, 'hostile.zip');
    writeFileSync(
      zip,
      writeZip([
        ...bad.map((data, i) => ({ name: `bad-${i}.json`, data })),
        { name: 'GHSA-good.json', data: record({ id: 'GHSA-good' }) },
        { name: 'README.txt', data: 'not a record' },
      ]),
    );
    const stats = importSources(db, [zip], { events: (e) => events.push(e) });
    assert.equal(stats.read, 1);
    assert.equal(stats.skipped, bad.length);
    const warnings = events.filter((e) => e.kind === 'warning');
    assert.equal(warnings.length, bad.length);
    assert.ok(warnings.every((e) => e.kind === 'warning' && e.code === 'OSV_RECORD_SKIPPED'));
    assert.deepEqual(db.totals().records, 1);
    db.close();
  });

  it('fails with coded errors on unreadable sources and foreign databases', () => {
    const db = newDb();
    assert.throws(() => importSources(db, [path.join(t.dir, 'missing')]), {
      code: 'DB_IMPORT_FAILED',
    });
    db.close();
    const junk = path.join(t.dir, 'junk.sqlite');
    writeFileSync(junk, 'this is not sqlite'.repeat(100));
    assert.throws(() => AdvisoryDb.open(junk), { code: 'DB_INVALID' });
    assert.throws(() => AdvisoryDb.open(path.join(t.dir, 'nope.sqlite')), { code: 'DB_INVALID' });
  });

  it('reports status and staleness', () => {
    const db = newDb();
    importSources(db, [RECORDS_DIR]);
    const status = dbStatus(db, fixedClock('2026-11-25T00:00:00Z'));
    assert.equal(status.newestModified, '2026-11-23T00:00:00.000Z');
    assert.equal(status.ageDays, 2);
    assert.equal(status.withdrawn > 0, true);
    assert.equal(status.ecosystems.find((e) => e.ecosystem === 'Debian:12')?.records, 28);
    assert.equal(isOlderThan(status, 3), false);
    assertFresh(status, 3);
    const later = dbStatus(db, fixedClock('2026-12-01T00:00:00Z'));
    assert.equal(isOlderThan(later, 3), true);
    assert.throws(() => assertFresh(later, 3), { code: 'DB_STALE' });
    db.close();
    const empty = newDb();
    assert.throws(() => assertFresh(dbStatus(empty), 3), { code: 'DB_STALE' });
    empty.close();
  });

  it('resolves the default path', () => {
    assert.equal(resolveDbPath({ env: {}, homedir: '/home/u' }), '/home/u/.cache/sigil/db.sqlite');
    assert.equal(resolveDbPath({ env: { SIGIL_CACHE_DIR: '/c' } }), '/c/db.sqlite');
    assert.equal(resolveDbPath({ path: '/x/y.db', env: { SIGIL_CACHE_DIR: '/c' } }), '/x/y.db');
  });

  it('imports the shared OSV fixtures, skipping what is not an OSV record', (ctx) => {
    const shared = process.env['SIGIL_SHARED_DIR'] ?? path.resolve(REPO_ROOT, '..', 'shared');
    const osv = path.join(shared, 'fixtures', 'osv');
    let files: string[];
    try {
      files = readdirSync(osv, { recursive: true, encoding: 'utf8' }).filter((f) =>
        f.endsWith('.json'),
      );
    } catch {
      return ctx.skip('shared fixtures not present');
    }
    const db = newDb();
    const events: SigilEvent[] = [];
    const stats = importSources(db, [osv], { events: (e) => events.push(e) });
    const tracker = files.filter((f) => f.startsWith('debian-tracker-source')).length;
    assert.equal(stats.skipped, tracker, 'tracker entries are not OSV records');
    assert.equal(stats.read, files.length - tracker);
    db.close();
  });
});
