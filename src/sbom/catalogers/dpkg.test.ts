import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { catalogLayers } from '../catalog.ts';
import { directoryLayer } from '../layers/dir-layer.ts';
import { memoryLayer } from '../layers/test-layers.ts';
import { FIXTURES } from '../test-helpers.ts';
import { dpkgCataloger, parseSource } from './dpkg.ts';

const only = { catalogers: [dpkgCataloger] };

test('distroless status.d: one package per file, source, arch and copyright licenses', async () => {
  const c = await catalogLayers(
    [directoryLayer(join(FIXTURES, 'dpkg/distroless-deb'), 'sha256:d')],
    only,
  );
  assert.deepEqual(c.warnings, []);
  assert.equal(c.packages.length, 1);
  const [p] = c.packages;
  assert.equal(p?.name, 'libsqlite3-0');
  assert.equal(p?.version, '3.34.1-3');
  assert.equal(p?.sourceName, 'sqlite3');
  assert.equal(p?.sourceVersion, '3.34.1-3');
  assert.equal(p?.arch, 'arm64');
  assert.deepEqual(p?.licenses, ['GPL-2+', 'public-domain']);
  assert.deepEqual(p?.locations, [
    { path: 'var/lib/dpkg/status.d/libsqlite3-0', layerDigest: 'sha256:d' },
  ]);
  assert.equal(p?.purl, 'pkg:deb/debian/libsqlite3-0@3.34.1-3?arch=arm64&upstream=sqlite3');
});

test('status.d files that do not parse become warnings and the rest still counts', async () => {
  const c = await catalogLayers([directoryLayer(join(FIXTURES, 'dpkg/status-d'))], only);
  const names = c.packages.map((p) => p.name);
  for (const n of ['apt', 'coreutils', 'libpam-runtime', 'tzdata', 'mutt'])
    assert.ok(names.includes(n), n);
  const warned = new Set(c.warnings.map((w) => w.path));
  assert.ok(warned.has('var/lib/dpkg/status.d/corrupt'));
  assert.ok(warned.has('var/lib/dpkg/status.d/multiple'));
  const pam = c.packages.find((p) => p.name === 'libpam-runtime');
  assert.equal(pam?.sourceName, 'pam');
  assert.equal(pam?.sourceVersion, '1.5.2-6+deb12u1');
});

test('only "install ok installed" packages count', async () => {
  const status = [
    'Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: amd64\n',
    'Package: b\nStatus: deinstall ok config-files\nVersion: 2\n',
    'Package: c\nStatus: install ok half-installed\nVersion: 3\n',
    'Package: d\nStatus: hold ok installed\nVersion: 4\nSource: dd (4a)\n',
  ].join('\n');
  const c = await catalogLayers(
    [memoryLayer('L', [{ path: 'var/lib/dpkg/status', content: status }])],
    only,
  );
  assert.deepEqual(
    c.packages.map((p) => `${p.name} ${p.version} ${p.sourceName} ${p.sourceVersion}`),
    ['a 1 a 1', 'd 4 dd 4a'],
  );
});

test('Source: fields with and without a version', () => {
  assert.deepEqual(parseSource('bash (5.2.15-2)', 'bash', '5.2.15-2+b1'), {
    name: 'bash',
    version: '5.2.15-2',
  });
  assert.deepEqual(parseSource('glibc', 'libc6', '2.36-9'), { name: 'glibc', version: '2.36-9' });
  assert.deepEqual(parseSource(undefined, 'x', '1'), { name: 'x', version: '1' });
});
