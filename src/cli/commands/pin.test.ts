import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CommandContext } from '../command.ts';
import { runCli } from '../run.ts';
import { makePinCommand } from './pin.ts';

const digestFor = (ref: string): string =>
  `sha256:${createHash('sha256').update(ref).digest('hex')}`;

function harness(cwd: string, stdinText = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const ctx: CommandContext = { stdout, stderr, stdin, env: {}, cwd, isTTY: false };
  const registry = new Map<string, string>();
  const command = makePinCommand({
    resolveDigest: async (ref) => {
      if (ref.startsWith('missing')) throw new Error('MANIFEST_UNKNOWN');
      return registry.get(ref) ?? digestFor(ref);
    },
  });
  return {
    run: (...argv: string[]) => runCli(['pin', ...argv], ctx, [command]),
    out: () => out,
    err: () => err,
    registry,
  };
}

function project(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigil-pin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'k8s'));
  mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
  writeFileSync(
    join(dir, 'k8s', 'deploy.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: nginx:1.25\n',
  );
  writeFileSync(
    join(dir, 'k8s', 'kustomization.yaml'),
    'images:\n  - name: nginx\n    newTag: "1.25"\n',
  );
  writeFileSync(join(dir, 'Dockerfile'), 'FROM golang:1.22 AS build\nFROM build\n');
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  db:\n    image: postgres:16\n');
  writeFileSync(join(dir, 'values.yaml'), 'image:\n  repository: nginx\n  tag: "1"\n');
  writeFileSync(
    join(dir, 'node_modules', 'x', 'pod.yaml'),
    'apiVersion: v1\nkind: Pod\nspec:\n  containers: [{image: x:1}]\n',
  );
  return dir;
}

const CHECK_LINES = [
  'Dockerfile:1:6: unpinned: golang:1.22',
  'compose.yaml:3:12: unpinned: postgres:16',
  'k8s/deploy.yaml:7:18: unpinned: nginx:1.25',
  'k8s/kustomization.yaml:2:5: unpinned: nginx:1.25',
];

test('--check lists exactly the unpinned references with file:line:column and fails', async (t) => {
  const dir = project(t);
  const h = harness(dir);
  assert.equal(await h.run('.', '--check'), 1);
  assert.deepEqual(
    h
      .out()
      .trim()
      .split('\n')
      .map((l) => l.replace(/^\.\//, '')),
    CHECK_LINES,
  );
});

test('without --write nothing changes on disk; with --write the files are pinned; then --check passes', async (t) => {
  const dir = project(t);
  const before = readFileSync(join(dir, 'k8s', 'deploy.yaml'), 'utf8');
  const dry = harness(dir);
  assert.equal(await dry.run('.'), 0);
  assert.equal(readFileSync(join(dir, 'k8s', 'deploy.yaml'), 'utf8'), before);
  assert.match(dry.out(), /k8s\/deploy\.yaml:7:18: nginx:1\.25 -> nginx:1\.25@sha256:[0-9a-f]{64}/);
  assert.match(dry.err(), /4 reference\(s\) would change; run with --write/);

  const write = harness(dir);
  assert.equal(await write.run('.', '--write'), 0);
  assert.equal(
    readFileSync(join(dir, 'k8s', 'deploy.yaml'), 'utf8'),
    before.replace('nginx:1.25', `nginx:1.25@${digestFor('nginx:1.25')}`),
  );
  assert.equal(
    readFileSync(join(dir, 'Dockerfile'), 'utf8'),
    `FROM golang:1.22@${digestFor('golang:1.22')} AS build\nFROM build\n`,
  );
  assert.equal(
    readFileSync(join(dir, 'values.yaml'), 'utf8'),
    'image:\n  repository: nginx\n  tag: "1"\n',
  );
  assert.match(readFileSync(join(dir, 'node_modules', 'x', 'pod.yaml'), 'utf8'), /image: x:1\}/);

  const check = harness(dir);
  assert.equal(await check.run('.', '--check'), 0);
  assert.equal(check.out(), '');
  const again = harness(dir);
  assert.equal(await again.run('.', '--write'), 0);
  assert.equal(again.out(), '');
});

test('- reads Helm output from stdin and writes the pinned text to stdout', async (t) => {
  const dir = project(t);
  const helm =
    '---\n# Source: app/templates/pod.yaml\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: "redis:7"\n';
  const h = harness(dir, helm);
  assert.equal(await h.run('-'), 0);
  assert.equal(h.out(), helm.replace('"redis:7"', `"redis:7@${digestFor('redis:7')}"`));
  assert.match(h.err(), /^-:7:14: redis:7 -> redis:7@sha256:/m);
});

test('a tag that moved under a pinned reference fails and is only rewritten with --update-drift', async (t) => {
  const dir = project(t);
  const file = join(dir, 'k8s', 'deploy.yaml');
  const old = `sha256:${'0'.repeat(64)}`;
  const pinned = readFileSync(file, 'utf8').replace('nginx:1.25', `nginx:1.25@${old}`);
  writeFileSync(file, pinned);
  const h = harness(dir);
  assert.equal(await h.run('k8s/deploy.yaml', '--write'), 1);
  assert.match(h.err(), /k8s\/deploy\.yaml:7:18: DRIFT: /);
  assert.equal(readFileSync(file, 'utf8'), pinned);
  const u = harness(dir);
  assert.equal(await u.run('k8s/deploy.yaml', '--write', '--update-drift'), 0);
  assert.equal(readFileSync(file, 'utf8'), pinned.replace(old, digestFor('nginx:1.25')));
});

test('an unresolvable image fails the run but the others are still pinned', async (t) => {
  const dir = project(t);
  writeFileSync(
    join(dir, 'compose.yaml'),
    'services:\n  a: {image: missing/app:1}\n  b: {image: ok/app:1}\n',
  );
  const h = harness(dir);
  assert.equal(await h.run('compose.yaml', '--write'), 1);
  assert.match(h.err(), /compose\.yaml:2:14: UNRESOLVED: missing\/app:1: .*MANIFEST_UNKNOWN/);
  assert.match(readFileSync(join(dir, 'compose.yaml'), 'utf8'), /image: ok\/app:1@sha256:/);
});

test('a named file of unknown kind, a missing file and bad YAML are coded errors (exit 2)', async (t) => {
  const dir = project(t);
  writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nspec: [\n');
  const h = harness(dir);
  assert.equal(await h.run('values.yaml', 'broken.yaml', 'compose.yaml'), 2);
  assert.match(h.err(), /^sigil: values\.yaml: PIN_KIND_UNKNOWN: /m);
  assert.match(h.err(), /^sigil: broken\.yaml: PIN_YAML_INVALID: line /m);
  assert.match(h.out(), /compose\.yaml:3:12: postgres:16 -> /);
  const missing = harness(dir);
  assert.equal(await missing.run('nope.yaml'), 2);
  assert.match(missing.err(), /^sigil: FILE_NOT_FOUND: /);
  const usage = harness(dir);
  assert.equal(await usage.run('.', '--write', '--check'), 2);
  assert.match(usage.err(), /^sigil: USAGE: /);
});

test('--write through a symbolic link rewrites the target and keeps the link', async (t) => {
  const dir = project(t);
  symlinkSync('compose.yaml', join(dir, 'linked.yml'));
  const h = harness(dir);
  assert.equal(await h.run('linked.yml', '--write'), 0);
  assert.ok(lstatSync(join(dir, 'linked.yml')).isSymbolicLink());
  assert.match(readFileSync(join(dir, 'compose.yaml'), 'utf8'), /postgres:16@sha256:/);
});
