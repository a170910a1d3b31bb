import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Clock } from '../../core/index.ts';
import type { CommandContext } from '../command.ts';
import { runCli } from '../run.ts';
import { makeLedgerCommands } from './ledger.ts';

const d = (c: string): string => `sha256:${c.repeat(64)}`;

function harness(dir: string, registry: Map<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const env = { SIGIL_LEDGER: join(dir, 'ledger.sqlite'), USER: 'carol' };
  const ctx: CommandContext = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env,
    cwd: dir,
    isTTY: false,
  };
  const clock: Clock = { now: () => new Date('2026-03-04T05:06:07Z'), sleep: async () => {} };
  const commands = makeLedgerCommands({
    clock,
    resolveDigest: async (ref) => {
      const digest = registry.get(ref);
      if (!digest) throw new Error(`unknown ${ref}`);
      return digest;
    },
  });
  return {
    run: (...argv: string[]) => runCli(['ledger', ...argv], ctx, commands),
    out: () => out,
    err: () => err,
  };
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigil-ledger-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('record (by digest and by tag), history as text and JSON', async (t) => {
  const dir = tempDir(t);
  const registry = new Map([['ghcr.io/acme/shop:1.1', d('b')]]);
  const h = () => harness(dir, registry);
  const first = h();
  assert.equal(
    await first.run('record', `ghcr.io/acme/shop:1.0@${d('a')}`, '--app', 'shop', '--env', 'prod'),
    0,
  );
  assert.equal(first.out(), `recorded shop/prod ghcr.io/acme/shop:1.0@${d('a')} (#1)\n`);
  const second = h();
  assert.equal(
    await second.run(
      'record',
      'ghcr.io/acme/shop:1.1',
      '--app',
      'shop',
      '--env',
      'prod',
      '--note',
      'hotfix',
      '--user',
      'dave',
    ),
    0,
  );
  assert.equal(second.out(), `recorded shop/prod ghcr.io/acme/shop:1.1@${d('b')} (#2)\n`);
  const text = h();
  assert.equal(await text.run('history', '--app', 'shop'), 0);
  assert.deepEqual(text.out().trim().split('\n'), [
    `#2  2026-03-04T05:06:07.000Z  prod  ghcr.io/acme/shop:1.1@${d('b')}  dave  "hotfix"`,
    `#1  2026-03-04T05:06:07.000Z  prod  ghcr.io/acme/shop:1.0@${d('a')}  carol`,
  ]);
  const json = h();
  assert.equal(await json.run('history', '--app', 'shop', '--env', 'prod', '--output', 'json'), 0);
  const rows = JSON.parse(json.out()) as { digest: string; actor: string }[];
  assert.deepEqual(
    rows.map((r) => [r.digest, r.actor]),
    [
      [d('b'), 'dave'],
      [d('a'), 'carol'],
    ],
  );
  const missing = h();
  assert.equal(
    await missing.run('record', 'ghcr.io/acme/shop:9', '--app', 'shop', '--env', 'prod'),
    2,
  );
  assert.match(missing.err(), /^sigil: INTERNAL: unknown ghcr.io\/acme\/shop:9/);
});

test('rollback prints the previous known-good and rewrites only that repository in the files', async (t) => {
  const dir = tempDir(t);
  const h = () => harness(dir, new Map());
  for (const [tag, c] of [
    ['1.0', 'a'],
    ['1.1', 'b'],
  ] as const) {
    assert.equal(
      await h().run('record', `nginx:${tag}@${d(c)}`, '--app', 'web', '--env', 'prod'),
      0,
    );
  }
  const manifest =
    'kind: Pod\nspec:\n  containers:\n    - image: docker.io/library/nginx:1.1@' +
    d('b') +
    '  # web\n    - image: redis:7\n';
  writeFileSync(join(dir, 'pod.yaml'), manifest);
  const show = h();
  assert.equal(await show.run('rollback', '--app', 'web', '--env', 'prod'), 0);
  assert.equal(show.out(), `nginx:1.0@${d('a')}\n`);
  const dry = h();
  assert.equal(await dry.run('rollback', '--app', 'web', '--env', 'prod', 'pod.yaml'), 0);
  assert.equal(readFileSync(join(dir, 'pod.yaml'), 'utf8'), manifest);
  const write = h();
  assert.equal(
    await write.run('rollback', '--app', 'web', '--env', 'prod', '--write', 'pod.yaml'),
    0,
  );
  assert.equal(
    readFileSync(join(dir, 'pod.yaml'), 'utf8'),
    manifest.replace(`nginx:1.1@${d('b')}`, `nginx:1.0@${d('a')}`),
  );
  const tooFar = h();
  assert.equal(await tooFar.run('rollback', '--app', 'web', '--env', 'prod', '--to', '2'), 2);
  assert.match(tooFar.err(), /^sigil: LEDGER_NOT_FOUND: /);
});

test('check fails listing the tags that moved, and passes when none did', async (t) => {
  const dir = tempDir(t);
  const registry = new Map([
    ['nginx:1.0', d('a')],
    ['redis:7', d('c')],
  ]);
  await harness(dir, registry).run(
    'record',
    `nginx:1.0@${d('a')}`,
    '--app',
    'web',
    '--env',
    'prod',
  );
  await harness(dir, registry).run('record', `redis:7@${d('c')}`, '--app', 'web', '--env', 'prod');
  const ok = harness(dir, registry);
  assert.equal(await ok.run('check'), 0);
  assert.equal(ok.out(), '');
  registry.set('redis:7', d('e'));
  const moved = harness(dir, registry);
  assert.equal(await moved.run('check'), 1);
  assert.equal(
    moved.out(),
    `moved: redis:7 promoted ${d('c')} at 2026-03-04T05:06:07.000Z, now ${d('e')}\n`,
  );
});

test('a corrupt ledger file is a coded error', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'ledger.sqlite'), 'garbage '.repeat(1000));
  const h = harness(dir, new Map());
  assert.equal(await h.run('history', '--app', 'x'), 2);
  assert.match(h.err(), /^sigil: LEDGER_CORRUPT: /);
});
