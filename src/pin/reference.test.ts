import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReference, normalizeRepository, splitReference } from './index.ts';

const D = `sha256:${'a'.repeat(64)}`;

test('splitReference separates name, tag and digest the way registries read them', () => {
  const cases: [string, ReturnType<typeof splitReference>][] = [
    ['nginx', { name: 'nginx' }],
    ['nginx:1.25', { name: 'nginx', tag: '1.25' }],
    ['localhost:5000/app', { name: 'localhost:5000/app' }],
    ['localhost:5000/app:v2', { name: 'localhost:5000/app', tag: 'v2' }],
    [`ghcr.io/a/b:1@${D}`, { name: 'ghcr.io/a/b', tag: '1', digest: D }],
    [`ghcr.io/a/b@${D}`, { name: 'ghcr.io/a/b', digest: D }],
  ];
  for (const [input, expected] of cases) {
    assert.deepEqual(splitReference(input), expected, input);
    assert.equal(formatReference(expected), input);
  }
});

test('splitReference refuses malformed references with a code', () => {
  for (const bad of [
    '',
    'nginx:',
    'nginx@sha256:abc',
    'a b',
    'nginx:-x',
    '/abs',
    `x@md5:${'a'.repeat(32)}`,
  ]) {
    assert.throws(() => splitReference(bad), { code: 'PIN_REFERENCE_INVALID' }, bad);
  }
});

test('normalizeRepository makes familiar Docker Hub names comparable', () => {
  assert.equal(normalizeRepository('nginx'), 'docker.io/library/nginx');
  assert.equal(normalizeRepository('bitnami/redis'), 'docker.io/bitnami/redis');
  assert.equal(normalizeRepository('index.docker.io/library/nginx'), 'docker.io/library/nginx');
  assert.equal(normalizeRepository('localhost/app'), 'localhost/app');
  assert.equal(normalizeRepository('registry:5000/app'), 'registry:5000/app');
});
