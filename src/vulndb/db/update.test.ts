import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dbStatus } from './status.ts';
import { AdvisoryDb } from './store.ts';
import { RECORDS_DIR, tempDir } from './test-support/fixtures.ts';
import { writeZip } from './test-support/zip-writer.ts';
import { updateDb } from './update.ts';

type Reply = { status: number; body: Buffer } | { cutAfter: number; body: Buffer };

const files = new Map<string, Reply>();
const requested: string[] = [];
let server: Server;
let mirror: string;
const t = tempDir();
const clock = { now: () => new Date('2026-11-24T12:00:00Z'), sleep: async () => {} };

function folderZip(folder: string): Buffer {
  const dir = path.join(RECORDS_DIR, folder);
  return writeZip(
    readdirSync(dir).map((name) => ({ name, data: readFileSync(path.join(dir, name)) })),
  );
}

function serve(urlPath: string, body: Buffer | string, status = 200): void {
  files.set(urlPath, { status, body: Buffer.from(body) });
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

before(async () => {
  server = createServer((req, res) => {
    requested.push(decodeURIComponent(req.url ?? ''));
    const reply = files.get(decodeURIComponent(req.url ?? ''));
    if (reply === undefined) {
      res.writeHead(404).end();
    } else if ('cutAfter' in reply) {
      res.writeHead(200, { 'content-length': reply.body.length });
      res.write(reply.body.subarray(0, reply.cutAfter));
      setTimeout(() => res.destroy(), 10);
    } else {
      res.writeHead(reply.status, { 'content-length': reply.body.length }).end(reply.body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/osv`;
});
after(() => {
  server.close();
  t.cleanup();
});

describe('updateDb against a mirror', () => {
  const dbPath = path.join(t.dir, 'cache', 'db.sqlite');

  it('builds the database from each ecosystem’s all.zip', async () => {
    serve('/osv/npm/all.zip', folderZip('npm'));
    serve('/osv/Debian/all.zip', folderZip('Debian-12'));
    const result = await updateDb({ dbPath, mirror, ecosystems: ['npm', 'Debian'], clock });
    assert.deepEqual(
      result.ecosystems.map((e) => [e.ecosystem, e.mode, e.stats.read]),
      [
        ['npm', 'full', readdirSync(path.join(RECORDS_DIR, 'npm')).length],
        ['Debian', 'full', 28],
      ],
    );
    const db = AdvisoryDb.open(dbPath);
    const status = dbStatus(db, clock);
    assert.equal(status.updatedAt, '2026-11-24T12:00:00.000Z');
    assert.equal(status.ageDays, 0);
    assert.deepEqual(
      status.ecosystems.map((e) => e.ecosystem),
      ['Debian:12', 'npm'],
    );
    db.close();
    assert.deepEqual(
      readdirSync(path.dirname(dbPath)),
      ['db.sqlite'],
      'no temporary files left behind',
    );
  });

  it('fetches only changed records when the mirror lists them in modified_id.csv', async () => {
    const original = JSON.parse(
      readFileSync(path.join(RECORDS_DIR, 'npm', 'GHSA-4w2v-q235-vp99.json'), 'utf8'),
    ) as Record<string, unknown>;
    const revised = { ...original, modified: '2026-11-24T00:00:00Z', summary: 'revised upstream' };
    serve('/osv/npm/all.zip', 'must not be used', 500);
    serve(
      '/osv/npm/modified_id.csv',
      [
        '2026-11-24T00:00:00Z,GHSA-4w2v-q235-vp99',
        '2020-01-01T00:00:00Z,GHSA-42xw-2xvc-qx8m',
        'garbage line',
        '',
      ].join('\n'),
    );
    serve('/osv/npm/GHSA-4w2v-q235-vp99.json', JSON.stringify(revised));
    requested.length = 0;
    const result = await updateDb({ dbPath, mirror, ecosystems: ['npm'], clock });
    assert.equal(result.ecosystems[0]?.mode, 'incremental');
    assert.equal(result.ecosystems[0]?.stats.replaced, 1);
    assert.deepEqual(requested, ['/osv/npm/modified_id.csv', '/osv/npm/GHSA-4w2v-q235-vp99.json']);
    const db = AdvisoryDb.open(dbPath);
    assert.equal(
      (db.get('GHSA-4w2v-q235-vp99')?.record as { summary: string }).summary,
      'revised upstream',
    );
    db.close();
  });

  it('leaves the previous database intact when a download fails', async () => {
    const before = sha(dbPath);
    serve('/osv/PyPI/all.zip', 'boom', 500);
    await assert.rejects(updateDb({ dbPath, mirror, ecosystems: ['Debian', 'PyPI'], clock }), {
      code: 'DB_UPDATE_FAILED',
    });
    assert.equal(sha(dbPath), before);

    const zip = folderZip('PyPI');
    files.set('/osv/PyPI/all.zip', { cutAfter: Math.floor(zip.length / 2), body: zip });
    await assert.rejects(updateDb({ dbPath, mirror, ecosystems: ['PyPI'], clock }), {
      code: 'DB_UPDATE_FAILED',
    });
    assert.equal(sha(dbPath), before);

    serve('/osv/PyPI/all.zip', zip.subarray(0, zip.length - 100));
    await assert.rejects(updateDb({ dbPath, mirror, ecosystems: ['PyPI'], clock }), {
      code: 'DB_UPDATE_FAILED',
    });
    assert.equal(sha(dbPath), before);

    await assert.rejects(updateDb({ dbPath, mirror, ecosystems: ['Nope'], clock }), {
      code: 'DB_UPDATE_FAILED',
    });
    assert.equal(sha(dbPath), before);
    assert.deepEqual(readdirSync(path.dirname(dbPath)), ['db.sqlite']);
  });

  it('creates no database when the first update fails', async () => {
    const fresh = path.join(t.dir, 'fresh', 'db.sqlite');
    await assert.rejects(updateDb({ dbPath: fresh, mirror, ecosystems: ['Nope'], clock }), {
      code: 'DB_UPDATE_FAILED',
    });
    assert.equal(existsSync(fresh), false);
    await assert.rejects(updateDb({ dbPath: fresh, mirror, ecosystems: ['../etc'], clock }), {
      code: 'DB_UPDATE_FAILED',
    });
    await assert.rejects(updateDb({ dbPath: fresh, mirror, ecosystems: [], clock }), {
      code: 'DB_UPDATE_FAILED',
    });
  });
});
