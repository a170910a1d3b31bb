import { test } from 'node:test';
import assert from 'node:assert/strict';
import { familiarName, formatReference, parseReference, registryEndpoint } from './reference.ts';

// Cases follow distribution/reference's reference_test.go and normalize_test.go, read
// through ParseDockerRef-style normalization (familiar names land on docker.io/library).
const F64 = 'f'.repeat(64);
const D256 = `sha256:${F64}`;
const D512 = `sha512:${'f'.repeat(128)}`;

test('familiar names normalize to docker.io/library with tag latest', () => {
  assert.deepEqual(parseReference('alpine'), {
    registry: 'docker.io',
    repository: 'library/alpine',
    tag: 'latest',
  });
  assert.equal(formatReference(parseReference('alpine')), 'docker.io/library/alpine:latest');
  assert.equal(formatReference(parseReference('docker.io/alpine:3')), 'docker.io/library/alpine:3');
  assert.equal(
    formatReference(parseReference('index.docker.io/user/app')),
    'docker.io/user/app:latest',
  );
  assert.equal(formatReference(parseReference('user/app')), 'docker.io/user/app:latest');
});

test('accepted references split into registry, repository, tag, digest', () => {
  const cases: [string, string, string, string?, string?][] = [
    ['test_com', 'docker.io', 'library/test_com', 'latest'],
    ['test.com:tag', 'docker.io', 'library/test.com', 'tag'],
    ['test.com:5000', 'docker.io', 'library/test.com', '5000'],
    ['test.com/repo:tag', 'test.com', 'repo', 'tag'],
    ['test:5000/repo', 'test:5000', 'repo', 'latest'],
    [`test:5000/repo@${D256}`, 'test:5000', 'repo', undefined, D256],
    [`test:5000/repo:tag@${D256}`, 'test:5000', 'repo', 'tag', D256],
    ['lowercase:Uppercase', 'docker.io', 'library/lowercase', 'Uppercase'],
    [
      'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
      'sub-dom1.foo.com',
      'bar/baz/quux',
      'some-long-tag',
    ],
    [
      'b.gcr.io/test.example.com/my-app:test.example.com',
      'b.gcr.io',
      'test.example.com/my-app',
      'test.example.com',
    ],
    [`xn--7o8h.com/myimage:xn--7o8h.com@${D512}`, 'xn--7o8h.com', 'myimage', 'xn--7o8h.com', D512],
    ['foo/foo_bar.com:8080', 'docker.io', 'foo/foo_bar.com', '8080'],
    ['192.168.1.1:5000/repo:5050', '192.168.1.1:5000', 'repo', '5050'],
    ['[2001:db8::1]/repo', '[2001:db8::1]', 'repo', 'latest'],
    [`[2001:db8::1]:5000/repo:tag@${D256}`, '[2001:db8::1]:5000', 'repo', 'tag', D256],
    ['[::1]:5000/repo', '[::1]:5000', 'repo', 'latest'],
    ['localhost/app', 'localhost', 'app', 'latest'],
    ['localhost:5000/a/b__c/d-e--f', 'localhost:5000', 'a/b__c/d-e--f', 'latest'],
    [
      `${'a/'.repeat(127)}a:tag-puts-this-over-max`,
      'docker.io',
      `${'a/'.repeat(127)}a`,
      'tag-puts-this-over-max',
    ],
  ];
  for (const [input, registry, repository, tag, digest] of cases) {
    const ref = parseReference(input);
    assert.equal(ref.registry, registry, input);
    assert.equal(ref.repository, repository, input);
    assert.equal(ref.tag, tag, input);
    assert.equal(ref.digest, digest, input);
  }
});

test('rejected references throw NAME_INVALID naming the input', () => {
  const bad = [
    '',
    ':justtag',
    `@${D256}`,
    'repo@sha256:ffffffffffffffffffffffffffffffffff',
    `validname@invaliddigest:${F64}`,
    'Uppercase:tag',
    'test:5000/Uppercase/lowercase:tag',
    `${'a/'.repeat(128)}a:tag`,
    'aa/asdf$$^/aa',
    '[2001:db8::1]',
    '[2001:db8::1]:5000',
    '[2001:db8::1]:tag',
    '[fe80::1%eth0]:5000/repo',
    '[fe80::1%@invalidzone]:5000/repo',
    F64,
    'repo:-tag',
    `repo:${'t'.repeat(129)}`,
    'a//b',
    'a/b/',
    'a..b',
    '-host.com/repo',
    'x'.repeat(5000),
  ];
  for (const input of bad) {
    assert.throws(
      () => parseReference(input),
      (err: Error & { code?: string }) =>
        err.code === 'NAME_INVALID' && err.message.includes('invalid image reference'),
      JSON.stringify(input),
    );
  }
});

test('familiarName shortens docker.io names only', () => {
  assert.equal(familiarName(parseReference('alpine')), 'alpine:latest');
  assert.equal(familiarName(parseReference('docker.io/user/app:1')), 'user/app:1');
  assert.equal(familiarName(parseReference('ghcr.io/o/app:1')), 'ghcr.io/o/app:1');
  assert.equal(familiarName(parseReference(`alpine@${D256}`)), `alpine@${D256}`);
  assert.equal(familiarName(parseReference('docker.io/library/a/b')), 'library/a/b:latest');
});

test('formatReference round-trips canonical references', () => {
  for (const s of [
    'docker.io/library/alpine:3.20',
    `127.0.0.1:5000/app:1@${D256}`,
    `[::1]:5000/x/y@${D256}`,
  ]) {
    assert.equal(formatReference(parseReference(s)), s);
  }
});

test('docker.io is served from registry-1.docker.io', () => {
  assert.equal(registryEndpoint('docker.io'), 'registry-1.docker.io');
  assert.equal(registryEndpoint('ghcr.io'), 'ghcr.io');
});

test('normalize_test.go names: valid ones parse, invalid ones are NAME_INVALID', () => {
  const valid = [
    'docker/docker',
    'library/debian',
    'index.docker.io/debian',
    '127.0.0.1:5000/library/debian',
    '192.168.0.1',
    '192.168.0.1:80',
    '192.168.0.1:8/debian',
    'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
    '[fc00::1]:5000/docker/docker',
    '[fc00:1:2:3:4:5:6:7]:5000/library/debian',
    `docker.io/${'1a3f5e7d9c1b3a5f'.repeat(4)}`,
    'Docker/docker',
    'DOCKER/docker',
    'docker---rules/docker',
    'd/docker',
    'dock__er/docker',
  ];
  for (const name of valid) assert.doesNotThrow(() => parseReference(name), name);
  const invalid = [
    'https://github.com/docker/docker',
    'docker/Docker',
    '-docker',
    '-docker/docker',
    '-docker.io/docker/docker',
    'docker///docker',
    'docker.io/docker/Docker',
    '[fc00::1]',
    '[fc00::1]:5000',
    'fc00::1:5000/debian',
    '[2001:db8:3:4::192.0.2.33]:5000/debian',
    'docker-/docker',
    '____/____',
    '_docker/_docker',
    'dock..er/docker',
    'dock_.er/docker',
    'dock-.er/docker',
    'docker/',
    `${'this_is_not_a_valid_namespace_'.repeat(9)}/docker`,
  ];
  for (const name of invalid)
    assert.throws(() => parseReference(name), { code: 'NAME_INVALID' }, name);
  assert.equal(familiarName(parseReference('Foo/bar')), 'Foo/bar:latest');
  assert.equal(parseReference('Foo/bar').registry, 'Foo');
  assert.equal(
    formatReference(parseReference(`busybox:latest@sha256:${'86'.repeat(32)}`)),
    `docker.io/library/busybox:latest@sha256:${'86'.repeat(32)}`,
  );
});
