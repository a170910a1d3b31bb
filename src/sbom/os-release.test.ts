import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { directoryLayer } from './layers/dir-layer.ts';
import { mergeLayers } from './layers/merge.ts';
import { memoryLayer, type EntrySpec } from './layers/test-layers.ts';
import { detectOs, OS_RELEASE_PATHS, parseOsRelease } from './os-release.ts';
import { FIXTURES } from './test-helpers.ts';

const wants = (p: string) =>
  (OS_RELEASE_PATHS as readonly string[]).includes(p) || p.startsWith('var/lib/dpkg');

async function osOf(...layers: EntrySpec[][]) {
  const { tree } = await mergeLayers(
    layers.map((l, i) => memoryLayer(`L${i}`, l)),
    { wants },
  );
  return detectOs(tree);
}

async function osOfDir(dir: string) {
  const { tree } = await mergeLayers([directoryLayer(join(FIXTURES, 'os', dir))], { wants });
  return detectOs(tree);
}

test('Alpine 3.18 matches claircore’s expected distribution', async () => {
  const want = JSON.parse(readFileSync(join(FIXTURES, 'os/alpine-3.18/want'), 'utf8'))[0];
  const os = await osOfDir('alpine-3.18');
  assert.equal(os?.id, want.did);
  assert.equal(os?.name, want.name);
  assert.equal(os?.prettyName, want.pretty_name);
  assert.ok(os?.versionId?.startsWith(want.version));
  assert.equal(os?.distroless, false);
});

test('Debian 12 and Ubuntu 22.04 from os-release', async () => {
  const deb = await osOfDir('debian-12');
  assert.deepEqual([deb?.id, deb?.versionId, deb?.versionCodename], ['debian', '12', 'bookworm']);
  const ubuntu = await osOfDir('ubuntu-22.04');
  assert.deepEqual(
    [ubuntu?.id, ubuntu?.versionId, ubuntu?.versionCodename],
    ['ubuntu', '22.04', 'jammy'],
  );
  assert.deepEqual(ubuntu?.idLike, ['debian']);
  assert.equal(ubuntu?.source, 'etc/os-release');
});

test('distroless: Debian os-release with status.d and no status file', async () => {
  const osRelease = readFileSync(join(FIXTURES, 'os/distroless-11/etc/os-release'));
  const os = await osOf([
    { path: 'etc/os-release', content: osRelease },
    'var/lib/dpkg/status.d/',
    'var/lib/dpkg/status.d/base-files',
  ]);
  assert.deepEqual(
    [os?.id, os?.versionId, os?.prettyName, os?.distroless],
    ['debian', '11', 'Distroless', true],
  );
  const plain = await osOf([{ path: 'etc/os-release', content: osRelease }, 'var/lib/dpkg/status']);
  assert.equal(plain?.distroless, false);
});

test('usr/lib/os-release through an etc/os-release symlink, and as a fallback', async () => {
  const viaLink = await osOf([
    { path: 'usr/lib/os-release', content: 'ID="fedora"\nVERSION_ID=39\n' },
    { path: 'etc/os-release', symlink: '../usr/lib/os-release' },
  ]);
  assert.deepEqual(
    [viaLink?.id, viaLink?.versionId, viaLink?.source],
    ['fedora', '39', 'etc/os-release'],
  );
  const only = await osOf([{ path: 'usr/lib/os-release', content: 'ID=centos\nVERSION_ID="8"\n' }]);
  assert.equal(only?.source, 'usr/lib/os-release');
});

test('older images: lsb-release, alpine-release, debian_version, redhat-release', async () => {
  const lsb = readFileSync(join(FIXTURES, 'os/ubuntu-22.04/etc/lsb-release'));
  const u = await osOf([{ path: 'etc/lsb-release', content: lsb }]);
  assert.deepEqual([u?.id, u?.versionId, u?.versionCodename], ['ubuntu', '22.04', 'jammy']);
  const a = await osOf([{ path: 'etc/alpine-release', content: '3.5.2\n' }]);
  assert.deepEqual([a?.id, a?.versionId], ['alpine', '3.5.2']);
  const d = await osOf([{ path: 'etc/debian_version', content: '9.13\n' }]);
  assert.deepEqual([d?.id, d?.versionId], ['debian', '9']);
  const sid = await osOf([{ path: 'etc/debian_version', content: 'trixie/sid\n' }]);
  assert.deepEqual([sid?.id, sid?.versionId], ['debian', undefined]);
  const c = await osOf([
    { path: 'etc/redhat-release', content: 'CentOS Linux release 7.6.1810 (Core) \n' },
  ]);
  assert.deepEqual([c?.id, c?.versionId], ['centos', '7.6.1810']);
  assert.equal(await osOf([{ path: 'etc/hostname', content: 'x' }]), undefined);
});

test('a whiteout of os-release in a later layer removes the OS', async () => {
  const os = await osOf(
    [{ path: 'etc/os-release', content: 'ID=debian\n' }],
    ['etc/.wh.os-release'],
  );
  assert.equal(os, undefined);
});

test('os-release quoting, comments and junk lines', () => {
  const kv = parseOsRelease('# c\nA="x \\"y\\""\nB=\'z\'\nC=plain\n=bad\nnot a line\n D = "sp" \n');
  assert.deepEqual(Object.fromEntries(kv), { A: 'x "y"', B: 'z', C: 'plain', D: 'sp' });
});
