import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogLayers } from '../catalog.ts';
import { memoryLayer } from '../layers/test-layers.ts';
import { fixtureLayer } from '../test-helpers.ts';
import { apkCataloger } from './apk.ts';

const only = { catalogers: [apkCataloger] };
const ALPINE = 'ID=alpine\nVERSION_ID=3.18.0\nPRETTY_NAME="Alpine Linux v3.18"\n';

// Transcribed from osv-scalibr apk_test.go TestExtract "alpine latest": name, origin, version, license.
const EXPECTED = [
  ['alpine-baselayout', 'alpine-baselayout', '3.4.3-r1', 'GPL-2.0-only'],
  ['alpine-baselayout-data', 'alpine-baselayout', '3.4.3-r1', 'GPL-2.0-only'],
  ['alpine-keys', 'alpine-keys', '2.4-r1', 'MIT'],
  ['apk-tools', 'apk-tools', '2.14.0-r0', 'GPL-2.0-only'],
  ['busybox', 'busybox', '1.36.0-r9', 'GPL-2.0-only'],
  ['busybox-binsh', 'busybox', '1.36.0-r9', 'GPL-2.0-only'],
  ['ca-certificates-bundle', 'ca-certificates', '20230506-r0', 'MPL-2.0 AND MIT'],
  ['libc-utils', 'libc-dev', '0.7.2-r5', 'BSD-2-Clause AND BSD-3-Clause'],
  ['libcrypto3', 'openssl', '3.1.0-r4', 'Apache-2.0'],
  ['libssl3', 'openssl', '3.1.0-r4', 'Apache-2.0'],
  ['musl', 'musl', '1.2.4-r0', 'MIT'],
  ['musl-utils', 'musl', '1.2.4-r0', 'MIT AND BSD-2-Clause AND GPL-2.0-or-later'],
  ['scanelf', 'pax-utils', '1.3.7-r1', 'GPL-2.0-only'],
  ['ssl_client', 'busybox', '1.36.0-r9', 'GPL-2.0-only'],
  ['zlib', 'zlib', '1.2.13-r1', 'Zlib'],
];

test('apk installed db gives every package with its origin and license', async () => {
  const c = await catalogLayers(
    [
      fixtureLayer({ 'lib/apk/db/installed': 'apk/installed' }),
      memoryLayer('L1', [{ path: 'etc/os-release', content: ALPINE }]),
    ],
    only,
  );
  assert.deepEqual(c.warnings, []);
  assert.deepEqual(
    c.packages.map((p) => [p.name, p.sourceName, p.version, p.licenses.join(' ')]),
    EXPECTED,
  );
  assert.equal(
    c.packages.find((p) => p.name === 'libssl3')?.purl,
    'pkg:apk/alpine/libssl3@3.1.0-r4?arch=x86_64&distro=alpine-3.18.0&upstream=openssl',
  );
});

test('without an origin the package is its own source; without an OS the namespace is alpine', async () => {
  const c = await catalogLayers([fixtureLayer({ 'lib/apk/db/installed': 'apk/no-origin' })], only);
  assert.equal(c.packages[0]?.sourceName, 'pkgname');
  assert.equal(c.packages[0]?.purl, 'pkg:apk/alpine/pkgname@1.2.3?arch=x86_64');
});

test('an installed db that is not one is a warning naming it', async () => {
  const c = await catalogLayers([fixtureLayer({ 'lib/apk/db/installed': 'apk/invalid' })], only);
  assert.deepEqual(c.packages, []);
  assert.ok(c.warnings.length > 0);
  assert.ok(c.warnings.every((w) => w.path === 'lib/apk/db/installed'));
});

test('a merged-/usr image keeps the db in usr/lib, reached once through a lib symlink', async () => {
  const c = await catalogLayers(
    [
      fixtureLayer({ 'usr/lib/apk/db/installed': 'apk/no-origin' }),
      memoryLayer('L1', [{ path: 'lib', symlink: 'usr/lib' }]),
    ],
    only,
  );
  assert.deepEqual(
    c.packages.map((p) => [p.name, p.locations[0]?.path]),
    [['pkgname', 'usr/lib/apk/db/installed']],
  );
});
