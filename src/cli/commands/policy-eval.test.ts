import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import type { CommandContext } from '../command.ts';
import { runCli } from '../run.ts';

let dir = '';

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sigil-policy-eval-'));
  await mkdir(path.join(dir, 'bundle', 'registries'), { recursive: true });
  await writeFile(
    path.join(dir, 'bundle', 'policy.rego'),
    'package admission\n\ndeny contains msg if {\n  not startswith(input.image, data.registries.trusted)\n  msg := sprintf("untrusted image %s", [input.image])\n}\n',
  );
  await writeFile(
    path.join(dir, 'bundle', 'registries', 'data.json'),
    '{"trusted": "registry.example/"}',
  );
  await writeFile(path.join(dir, 'input.json'), '{"image": "evil/app"}');
});

after(async () => rm(dir, { recursive: true, force: true }));

function context(): { ctx: CommandContext; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c: Buffer) => (o += c.toString()));
  stderr.on('data', (c: Buffer) => (e += c.toString()));
  return {
    ctx: { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: dir, isTTY: false },
    out: () => o,
    err: () => e,
  };
}

test('prints opa eval --format json output with data from directories', async () => {
  const { ctx, out } = context();
  const code = await runCli(
    ['policy', 'eval', '-d', 'bundle', '-i', 'input.json', 'data.admission.deny'],
    ctx,
  );
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(out()), {
    result: [
      {
        expressions: [
          {
            value: ['untrusted image evil/app'],
            text: 'data.admission.deny',
            location: { row: 1, col: 1 },
          },
        ],
      },
    ],
  });
});

test('bindings appear for query variables', async () => {
  const { ctx, out } = context();
  await runCli(
    ['policy', 'eval', '-d', 'bundle', '-i', 'input.json', 'x := count(data.admission.deny)'],
    ctx,
  );
  assert.deepEqual(JSON.parse(out()).result[0].bindings, { x: 1 });
});

test('undefined prints {} and --fail exits 1', async () => {
  const a = context();
  assert.equal(
    await runCli(['policy', 'eval', '-d', 'bundle', 'data.admission.nothing'], a.ctx),
    0,
  );
  assert.equal(a.out().trim(), '{}');
  const b = context();
  assert.equal(
    await runCli(['policy', 'eval', '--fail', '-d', 'bundle', 'data.admission.nothing'], b.ctx),
    1,
  );
});

test('a policy error surfaces as a coded one-line error', async () => {
  await writeFile(path.join(dir, 'broken.rego'), 'package broken\n\np if {\n');
  const { ctx, err } = context();
  assert.equal(await runCli(['policy', 'eval', '-d', 'broken.rego', 'data.broken.p'], ctx), 2);
  assert.match(err(), /^sigil: rego_parse_error: .*broken\.rego:\d+: rego_parse_error: /);
});
