import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../core/index.ts';
import { defaultLedgerPath, findMovedTags, openLedger, type Ledger } from './index.ts';

const d = (c: string): string => `sha256:${c.repeat(64)}`;

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigil-ledger-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function fixedClock(start: string): Clock & { tick: () => void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), sleep: async () => {}, tick: () => (now += 60_000) };
}

function promote(
  ledger: Ledger,
  digest: string,
  extra: Partial<{ app: string; env: string; repository: string; tag: string }> = {},
) {
  return ledger.record({
    app: extra.app ?? 'shop',
    env: extra.env ?? 'prod',
    repository: extra.repository ?? 'ghcr.io/acme/shop',
    tag: extra.tag ?? '1.0',
    digest,
    actor: 'alice',
  });
}

test('record and history: newest first, with who, when (injected clock) and note', (t) => {
  const clock = fixedClock('2026-01-02T03:04:05Z');
  const ledger = openLedger({ path: join(tempDir(t), 'a', 'ledger.sqlite'), clock });
  t.after(() => ledger.close());
  promote(ledger, d('a'));
  clock.tick();
  ledger.record({
    app: 'shop',
    env: 'staging',
    repository: 'ghcr.io/acme/shop',
    tag: '1.1',
    digest: d('b'),
    actor: 'bob',
    note: 'canary',
  });
  const all = ledger.history({ app: 'shop' });
  assert.deepEqual(
    all.map((p) => [p.env, p.digest, p.actor, p.promotedAt, p.note]),
    [
      ['staging', d('b'), 'bob', '2026-01-02T03:05:05.000Z', 'canary'],
      ['prod', d('a'), 'alice', '2026-01-02T03:04:05.000Z', undefined],
    ],
  );
  assert.deepEqual(
    ledger.history({ app: 'shop', env: 'prod' }).map((p) => p.digest),
    [d('a')],
  );
  assert.deepEqual(ledger.history({ app: 'other' }), []);
});

test('previousKnownGood is the N-th previous distinct digest', (t) => {
  const ledger = openLedger({ path: ':memory:' });
  t.after(() => ledger.close());
  for (const c of ['a', 'b', 'b', 'c', 'a', 'd']) promote(ledger, d(c));
  // distinct by latest promotion: d (current), a, c, b
  assert.equal(ledger.previousKnownGood({ app: 'shop', env: 'prod' }).digest, d('a'));
  assert.equal(ledger.previousKnownGood({ app: 'shop', env: 'prod', to: 2 }).digest, d('c'));
  assert.equal(ledger.previousKnownGood({ app: 'shop', env: 'prod', to: 3 }).digest, d('b'));
  assert.throws(() => ledger.previousKnownGood({ app: 'shop', env: 'prod', to: 4 }), {
    code: 'LEDGER_NOT_FOUND',
  });
  assert.throws(() => ledger.previousKnownGood({ app: 'shop', env: 'dev' }), {
    code: 'LEDGER_NOT_FOUND',
  });
  assert.throws(() => ledger.previousKnownGood({ app: 'shop', env: 'prod', to: 0 }), {
    code: 'LEDGER_INVALID_INPUT',
  });
});

test('previousKnownGood asks for a repository when an environment holds several', (t) => {
  const ledger = openLedger({ path: ':memory:' });
  t.after(() => ledger.close());
  promote(ledger, d('a'));
  promote(ledger, d('e'), { repository: 'ghcr.io/acme/worker' });
  promote(ledger, d('b'));
  assert.throws(() => ledger.previousKnownGood({ app: 'shop', env: 'prod' }), {
    code: 'LEDGER_AMBIGUOUS',
  });
  const prev = ledger.previousKnownGood({
    app: 'shop',
    env: 'prod',
    repository: 'ghcr.io/acme/shop',
  });
  assert.equal(prev.digest, d('a'));
});

test('isPromoted is per app and environment', (t) => {
  const ledger = openLedger({ path: ':memory:' });
  t.after(() => ledger.close());
  promote(ledger, d('a'), { env: 'staging' });
  assert.equal(ledger.isPromoted({ app: 'shop', env: 'staging', digest: d('a') }), true);
  assert.equal(ledger.isPromoted({ app: 'shop', env: 'prod', digest: d('a') }), false);
  assert.equal(ledger.isPromoted({ app: 'shop', env: 'staging', digest: d('b') }), false);
  assert.throws(() => ledger.isPromoted({ app: 'shop', env: 'staging', digest: 'sha256:zz' }), {
    code: 'LEDGER_INVALID_INPUT',
  });
});

test('invalid input is refused with a code', (t) => {
  const ledger = openLedger({ path: ':memory:' });
  t.after(() => ledger.close());
  for (const bad of [
    { app: '' },
    { env: 'a b' },
    { repository: 'UPPER CASE' },
    { tag: '-x' },
  ] as const) {
    assert.throws(
      () =>
        ledger.record({ app: 'a', env: 'e', repository: 'r', digest: d('a'), actor: 'x', ...bad }),
      {
        code: 'LEDGER_INVALID_INPUT',
      },
    );
  }
  assert.throws(
    () => ledger.record({ app: 'a', env: 'e', repository: 'r', digest: 'latest', actor: 'x' }),
    {
      code: 'LEDGER_INVALID_INPUT',
    },
  );
});

test('moved tags: the fake registry moved one of two tracked tags', async (t) => {
  const ledger = openLedger({ path: ':memory:' });
  t.after(() => ledger.close());
  promote(ledger, d('a'), { tag: '1.0' });
  promote(ledger, d('b'), { tag: '1.0', env: 'staging' });
  promote(ledger, d('c'), { tag: '2.0' });
  ledger.record({ app: 'shop', env: 'prod', repository: 'nginx', digest: d('f'), actor: 'x' });
  assert.deepEqual(
    ledger.trackedTags().map((x) => [x.repository, x.tag, x.digest]),
    [
      ['ghcr.io/acme/shop', '1.0', d('b')],
      ['ghcr.io/acme/shop', '2.0', d('c')],
    ],
  );
  const registry: Record<string, string> = {
    'ghcr.io/acme/shop:1.0': d('b'),
    'ghcr.io/acme/shop:2.0': d('9'),
  };
  const calls: string[] = [];
  const result = await findMovedTags(ledger, async (ref) => {
    calls.push(ref);
    const digest = registry[ref];
    if (!digest) throw new Error('unknown');
    return digest;
  });
  assert.deepEqual(calls.sort(), ['ghcr.io/acme/shop:1.0', 'ghcr.io/acme/shop:2.0']);
  assert.deepEqual(
    result.moved.map((m) => [m.tag, m.digest, m.current]),
    [['2.0', d('c'), d('9')]],
  );
  assert.deepEqual(result.failures, []);
  const failing = await findMovedTags(ledger, async () => {
    throw new Error('registry down');
  });
  assert.equal(failing.failures.length, 2);
  assert.equal(failing.moved.length, 0);
});

test('the file is in WAL mode and keeps its data across reopen', (t) => {
  const path = join(tempDir(t), 'ledger.sqlite');
  const first = openLedger({ path });
  promote(first, d('a'));
  first.close();
  const raw = new DatabaseSync(path);
  t.after(() => raw.close());
  assert.equal(
    (raw.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode,
    'wal',
  );
  assert.deepEqual(
    raw
      .prepare('SELECT version FROM schema_version')
      .all()
      .map((r) => r.version),
    [1],
  );
  const again = openLedger({ path });
  t.after(() => again.close());
  assert.equal(again.history({ app: 'shop' }).length, 1);
  const reader = openLedger({ path, readOnly: true });
  t.after(() => reader.close());
  assert.equal(reader.isPromoted({ app: 'shop', env: 'prod', digest: d('a') }), true);
  assert.throws(() => promote(reader, d('b')), { code: 'LEDGER_READ_ONLY' });
});

test('two connections: a held write lock makes a writer wait, then fail with LEDGER_BUSY; readers go on', (t) => {
  const path = join(tempDir(t), 'ledger.sqlite');
  const a = openLedger({ path });
  const b = openLedger({ path, busyTimeoutMs: 50 });
  t.after(() => {
    a.close();
    b.close();
  });
  promote(a, d('a'));
  const holder = new DatabaseSync(path);
  t.after(() => holder.close());
  holder.exec('BEGIN IMMEDIATE');
  holder.exec(
    `INSERT INTO promotions (app, env, repository, tag, digest, actor, promoted_at) VALUES ('shop','prod','r','1','${d('c')}','h','2026-01-01T00:00:00Z')`,
  );
  const started = Date.now();
  assert.throws(() => promote(b, d('b')), { code: 'LEDGER_BUSY' });
  assert.ok(Date.now() - started >= 40, 'waited for the busy timeout');
  assert.equal(a.isPromoted({ app: 'shop', env: 'prod', digest: d('a') }), true);
  assert.equal(
    a.isPromoted({ app: 'shop', env: 'prod', digest: d('c') }),
    false,
    'uncommitted is invisible',
  );
  holder.exec('COMMIT');
  promote(b, d('b'));
  assert.deepEqual(
    a.history({ app: 'shop' }).map((p) => p.digest),
    [d('b'), d('c'), d('a')],
  );
});

test('two writers on their own threads and connections lose nothing', async (t) => {
  const path = join(tempDir(t), 'ledger.sqlite');
  openLedger({ path }).close();
  const moduleUrl = new URL('./index.ts', import.meta.url).href;
  const code = `
    const { workerData, parentPort } = await import('node:worker_threads');
    const { openLedger } = await import(${JSON.stringify(moduleUrl)});
    const ledger = openLedger({ path: workerData.path });
    for (let i = 0; i < 50; i++) {
      ledger.record({ app: 'shop', env: workerData.env, repository: 'r', digest: 'sha256:' + 'a'.repeat(64), actor: 'w' });
    }
    ledger.close();
    parentPort.postMessage('done');
  `;
  const run = (env: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { path, env } });
      w.once('error', reject);
      w.once('exit', (exit) => (exit === 0 ? resolve() : reject(new Error(`worker exit ${exit}`))));
    });
  await Promise.all([run('one'), run('two')]);
  const ledger = openLedger({ path });
  t.after(() => ledger.close());
  assert.equal(ledger.history({ app: 'shop', env: 'one' }).length, 50);
  assert.equal(ledger.history({ app: 'shop', env: 'two' }).length, 50);
});

test("a file that is not SQLite, or another application's database, is refused with a code", (t) => {
  const dir = tempDir(t);
  const junk = join(dir, 'junk.sqlite');
  writeFileSync(junk, 'not a database '.repeat(200));
  assert.throws(() => openLedger({ path: junk }), { code: 'LEDGER_CORRUPT' });
  const foreign = join(dir, 'foreign.sqlite');
  const other = new DatabaseSync(foreign);
  other.exec('CREATE TABLE customers (id INTEGER)');
  other.close();
  assert.throws(() => openLedger({ path: foreign }), { code: 'LEDGER_NOT_A_LEDGER' });
  assert.throws(() => openLedger({ path: join(dir, 'missing.sqlite'), readOnly: true }), {
    code: 'LEDGER_UNREADABLE',
  });
});

test('a ledger from a newer sigil is refused, not downgraded', (t) => {
  const path = join(tempDir(t), 'ledger.sqlite');
  openLedger({ path }).close();
  const raw = new DatabaseSync(path);
  raw.exec('UPDATE schema_version SET version = 99');
  raw.close();
  assert.throws(() => openLedger({ path }), { code: 'LEDGER_SCHEMA_NEWER' });
  assert.throws(() => openLedger({ path, readOnly: true }), { code: 'LEDGER_SCHEMA_NEWER' });
});

test('default path: SIGIL_LEDGER, then XDG_DATA_HOME, then ~/.local/share', () => {
  assert.equal(defaultLedgerPath({ SIGIL_LEDGER: '/x/l.db', HOME: '/h' }), '/x/l.db');
  assert.equal(
    defaultLedgerPath({ XDG_DATA_HOME: '/data', HOME: '/h' }),
    '/data/sigil/ledger.sqlite',
  );
  assert.equal(defaultLedgerPath({ HOME: '/h' }), '/h/.local/share/sigil/ledger.sqlite');
});
