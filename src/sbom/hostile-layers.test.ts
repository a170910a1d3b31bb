// Hostile layers through the real path: an OCI layout on disk opened as `oci:`, every layer
// streamed through decompression and Sigil's tar reader into the merge and the catalogers.
// Each case must end in bounded work and a clear warning or coded error.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { openImageSource } from '../oci/index.ts';
import { catalogImage, type CatalogImageOptions } from './image.ts';
import { tar, writeLayout, type Member } from './test-layout.ts';

const tmp = mkdtempSync(join(tmpdir(), 'sigil-hostile-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const STATUS = `Package: bash\nStatus: install ok installed\nVersion: 5.2.15-2+b2\nArchitecture: amd64\nSource: bash (5.2.15-2)\n\n`;
const OS = 'ID=debian\nVERSION_ID=12\n';

async function catalog(ref: string, opts: CatalogImageOptions = {}) {
  const src = await openImageSource(ref);
  try {
    return (await catalogImage(src, opts)).catalog;
  } finally {
    await src.close();
  }
}

const codes = (ws: readonly { code: string }[]) => ws.map((w) => w.code);

test('names that climb out of the root are dropped, absolute names are rooted, both warned', async () => {
  const layer = gzipSync(
    await tar([
      { path: '../../../etc/passwd', body: 'root:x:0:0' },
      { path: 'a/../../outside/var/lib/dpkg/status', body: STATUS },
      { path: '/etc/os-release', body: OS },
      { path: '/var/lib/dpkg/status', body: STATUS },
    ]),
  );
  const c = await catalog(writeLayout(tmp, [layer]));
  assert.ok(codes(c.warnings).includes('LAYER_PATH_UNSAFE'));
  assert.ok(codes(c.warnings).includes('LAYER_PATH_ABSOLUTE'));
  assert.equal(c.files.stat('etc/passwd'), undefined);
  assert.equal(c.files.stat('outside/var/lib/dpkg/status'), undefined);
  assert.equal(c.os?.id, 'debian');
  assert.deepEqual(
    c.packages.map((p) => `${p.name} ${p.locations[0]?.path}`),
    ['bash var/lib/dpkg/status'],
  );
});

test('a symlink loop ends in SYMLINK_LOOP warnings, not a hang', async () => {
  const layer = gzipSync(
    await tar([
      { path: 'a', type: 'symlink', linkname: 'b' },
      { path: 'b', type: 'symlink', linkname: 'a' },
      { path: 'self', type: 'symlink', linkname: 'self/x' },
      { path: 'a/var/lib/dpkg/status', body: STATUS },
      { path: 'self/node_modules/x/package.json', body: '{"name":"x","version":"1.0.0"}' },
    ]),
  );
  const started = Date.now();
  const c = await catalog(writeLayout(tmp, [layer]));
  assert.ok(Date.now() - started < 5000);
  assert.ok(codes(c.warnings).includes('SYMLINK_LOOP'), JSON.stringify(c.warnings));
  assert.deepEqual(c.packages, []);
});

test('hard links share their target; one whose target was not kept is warned about', async () => {
  const layer = gzipSync(
    await tar([
      { path: 'usr/lib/os-release', body: OS },
      { path: 'etc/os-release', type: 'hardlink', linkname: 'usr/lib/os-release' },
      // Known limit (README): bytes of an unwanted target are not kept, so a wanted link to it
      // has none; it must say so rather than pass silently.
      { path: 'var/lib/dpkg/status-old', body: STATUS },
      { path: 'var/lib/dpkg/status', type: 'hardlink', linkname: 'var/lib/dpkg/status-old' },
      { path: 'app/package.json', type: 'hardlink', linkname: 'nowhere/package.json' },
    ]),
  );
  const c = await catalog(writeLayout(tmp, [layer]));
  assert.equal(c.os?.id, 'debian');
  assert.equal(c.os?.source, 'etc/os-release');
  const linkWarnings = c.warnings.filter((w) => w.code === 'LAYER_LINK_INVALID');
  assert.ok(
    linkWarnings.some((w) => w.path === 'var/lib/dpkg/status'),
    JSON.stringify(c.warnings),
  );
});

test('malformed tar headers fail with coded errors', async () => {
  const good = await tar([{ path: 'etc/os-release', body: OS }]);
  const badSum = Buffer.from(good);
  badSum[0] = 0x41; // name changed, checksum not
  await assert.rejects(catalog(writeLayout(tmp, [gzipSync(badSum)])), { code: 'TAR_INVALID' });
  // A header claiming 8 GiB of body over a few bytes of input.
  const huge = Buffer.from(good.subarray(0, 1024));
  huge.write('00100000000000\0'.slice(0, 12), 124, 'latin1');
  fixChecksum(huge);
  await assert.rejects(catalog(writeLayout(tmp, [gzipSync(huge)])), (err: { code?: string }) =>
    ['TAR_TRUNCATED', 'TAR_INVALID'].includes(err.code ?? ''),
  );
  // A pax header over the reader's bound.
  const pax = await tar([{ path: 'x'.repeat(2 * 1024 * 1024), body: 'a' }]);
  await assert.rejects(catalog(writeLayout(tmp, [gzipSync(pax)])), { code: 'TAR_INVALID' });
});

test('a truncated gzip layer fails with LAYER_INVALID', async () => {
  const gz = gzipSync(await tar([{ path: 'etc/os-release', body: OS.repeat(5000) }]));
  await assert.rejects(catalog(writeLayout(tmp, [gz.subarray(0, gz.length - 100)])), {
    code: 'LAYER_INVALID',
  });
});

test('a layer with too many entries stops at maxEntries with a LAYER_ENTRY_LIMIT warning', async () => {
  function* many(): Generator<Member> {
    yield { path: 'var/lib/dpkg/status', body: STATUS };
    for (let i = 0; i < 12_000; i++) yield { path: `f/${i}`, body: '' };
    yield { path: 'app/node_modules/late/package.json', body: '{"name":"late","version":"1.0.0"}' };
  }
  const layer = gzipSync(await tar(many()));
  const c = await catalog(writeLayout(tmp, [layer]), { maxEntries: 2_000 });
  assert.ok(codes(c.warnings).includes('LAYER_ENTRY_LIMIT'));
  // What came before the limit is cataloged; nothing after it was read.
  assert.deepEqual(
    c.packages.map((p) => p.name),
    ['bash'],
  );
  assert.equal(c.files.stat('f/5000'), undefined);
});

test('package metadata that does not parse is a warning naming the file; the rest is cataloged', async () => {
  const layer = gzipSync(
    await tar([
      { path: 'etc/os-release', body: OS },
      { path: 'var/lib/dpkg/status', body: STATUS },
      { path: 'app/node_modules/broken/package.json', body: '{"name": "broken", ' },
    ]),
  );
  const c = await catalog(writeLayout(tmp, [layer]));
  assert.deepEqual(
    c.packages.map((p) => p.name),
    ['bash'],
  );
  const w = c.warnings.find((x) => x.code === 'PACKAGE_METADATA_INVALID');
  assert.equal(w?.path, 'app/node_modules/broken/package.json');
});

function fixChecksum(block: Buffer): void {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += block[i]!;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
}
