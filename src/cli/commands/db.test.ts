import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import type { Command, CommandContext, OptionValues } from '../command.ts';
import { writeZip } from '../../vulndb/db/test-support/zip-writer.ts';
import { dbImport } from './db-import.ts';
import { makeDbStatusCommand } from './db-status.ts';
import { makeDbUpdateCommand } from './db-update.ts';
import { COMMANDS } from './index.ts';

const RECORDS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../vulndb/osv/fixtures/records',
);
const dir = mkdtempSync(path.join(os.tmpdir(), 'sigil-db-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const clock = (iso: string) => ({ now: () => new Date(iso), sleep: async () => {} });

async function run(
  command: Command,
  values: OptionValues,
  positionals: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ctx: CommandContext = {
    stdout,
    stderr,
    stdin: Readable.from([]),
    env,
    cwd: dir,
    isTTY: false,
  };
  const code = await command.run(ctx, values, positionals);
  return { code, out, err };
}

describe('sigil db commands', () => {
  const db = path.join(dir, 'db.sqlite');

  it('are registered', () => {
    const names = COMMANDS.map((c) => c.name);
    for (const name of ['db import', 'db update', 'db status'])
      assert.ok(names.includes(name), name);
  });

  it('db import loads advisories and db status shows them', async () => {
    const imported = await run(dbImport, { db }, [RECORDS]);
    assert.equal(imported.code, 0);
    assert.match(
      imported.out,
      /imported 176 records .* 176 new, 0 replaced, 0 unchanged, 0 skipped/,
    );
    const status = makeDbStatusCommand({ clock: clock('2026-11-24T00:00:00Z') });
    const text = await run(status, { db });
    assert.match(text.out, /records\s+176 \(\d+ withdrawn\)/);
    assert.match(text.out, /^Debian:12\s+28\s+2026-11-23T00:00:00.000Z$/m);
    assert.equal(text.err, '');
    const json = JSON.parse((await run(status, { db, output: 'json' })).out) as { records: number };
    assert.equal(json.records, 176);
  });

  it('db status warns when stale and fails with --max-db-age', async () => {
    const status = makeDbStatusCommand({ clock: clock('2026-12-10T00:00:00Z') });
    const warned = await run(status, { db });
    assert.equal(warned.code, 0);
    assert.match(warned.err, /DB_STALE/);
    await assert.rejects(run(status, { db, 'max-db-age': '7' }), { code: 'DB_STALE' });
    await assert.rejects(run(status, { db, 'max-db-age': 'soon' }), { code: 'USAGE' });
  });

  it('finds the database through SIGIL_CACHE_DIR and reports a missing one', async () => {
    const status = makeDbStatusCommand();
    await assert.rejects(run(status, {}, [], { SIGIL_CACHE_DIR: path.join(dir, 'empty') }), {
      code: 'DB_INVALID',
    });
    const viaEnv = await run(status, {}, [], { SIGIL_CACHE_DIR: dir });
    assert.match(
      viaEnv.out,
      new RegExp(`database\\s+${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    await assert.rejects(run(dbImport, { db }, []), { code: 'USAGE' });
  });

  it('db update downloads each --ecosystem from --mirror', async () => {
    const npm = path.join(RECORDS, 'npm');
    const zip = writeZip(
      readdirSync(npm).map((name) => ({ name, data: readFileSync(path.join(npm, name)) })),
    );
    const asked: string[] = [];
    const fetch = async (url: string): Promise<Response> => {
      asked.push(url);
      return url === 'https://mirror.test/osv/npm/all.zip'
        ? new Response(zip)
        : new Response('no', { status: 404 });
    };
    const update = makeDbUpdateCommand({ fetch, clock: clock('2026-11-24T00:00:00Z') });
    const target = path.join(dir, 'updated.sqlite');
    const r = await run(update, {
      db: target,
      mirror: 'https://mirror.test/osv/',
      ecosystem: ['npm'],
    });
    assert.equal(r.code, 0);
    assert.match(r.out, /^npm: full update, 77 records read/m);
    assert.deepEqual(asked, ['https://mirror.test/osv/npm/all.zip']);
    await assert.rejects(
      run(update, { db: target, mirror: 'https://mirror.test/osv', ecosystem: ['Go'] }),
      {
        code: 'DB_UPDATE_FAILED',
      },
    );
  });
});
