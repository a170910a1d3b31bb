import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import type { CommandContext } from '../command.ts';
import { runCli } from '../run.ts';

let dir = '';

const POLICY = `package images

allowed(image) if startswith(image, "registry.example/")
`;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sigil-policy-test-'));
  await writeFile(path.join(dir, 'images.rego'), POLICY);
  await writeFile(
    path.join(dir, 'images_test.rego'),
    `package images

test_trusted if allowed("registry.example/app:1")
test_untrusted if not allowed("evil/app")
todo_test_later if false
`,
  );
});

after(async () => rm(dir, { recursive: true, force: true }));

function context(): { ctx: CommandContext; out: () => string } {
  const stdout = new PassThrough();
  let o = '';
  stdout.on('data', (c: Buffer) => (o += c.toString()));
  return {
    ctx: {
      stdout,
      stderr: new PassThrough(),
      stdin: new PassThrough(),
      env: {},
      cwd: dir,
      isTTY: false,
    },
    out: () => o,
  };
}

test('passing tests summarise like opa test and exit 0', async () => {
  const { ctx, out } = context();
  assert.equal(await runCli(['policy', 'test', '.'], ctx), 0);
  assert.match(out(), /^images_test\.rego:\ndata\.images\.todo_test_later: SKIPPED/m);
  assert.match(out(), /^PASS: 2\/3$/m);
  assert.match(out(), /^SKIPPED: 1\/3$/m);
});

test('a failing test is listed and the exit code is 1', async () => {
  await writeFile(
    path.join(dir, 'more_test.rego'),
    'package images\n\ntest_wrong if allowed("evil/app")\n',
  );
  const { ctx, out } = context();
  assert.equal(await runCli(['policy', 'test', '.'], ctx), 1);
  assert.match(out(), /^data\.images\.test_wrong: FAIL \(/m);
  assert.match(out(), /^FAIL: 1\/4$/m);
  await rm(path.join(dir, 'more_test.rego'));
});

test('--run selects tests by name', async () => {
  const { ctx, out } = context();
  assert.equal(await runCli(['policy', 'test', '-r', 'untrusted', '.'], ctx), 0);
  assert.match(out(), /^PASS: 1\/1$/m);
});
