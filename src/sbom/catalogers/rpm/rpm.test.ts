import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { catalogLayers } from '../../catalog.ts';
import { memoryLayer } from '../../layers/test-layers.ts';
import type { Package } from '../../package.ts';
import { FIXTURES, fixtureLayer, readTsv, sharedDir } from '../../test-helpers.ts';
import { rpmCataloger } from './index.ts';
import { parseRpmHeader } from './header.ts';

const only = { catalogers: [rpmCataloger] };

// rpm -qa columns: name, epoch (0 = none), version, release, arch, sourcerpm, modularity.
function expected(tsv: string): string[][] {
  return readTsv(tsv)
    .filter((r) => r[0] !== 'gpg-pubkey')
    .map((r) => [r[0]!, r[1] === '0' ? '' : r[1]!, `${r[2]}-${r[3]}`, r[4]!, r[5]!])
    .sort();
}

function actual(packages: readonly Package[]): string[][] {
  return packages
    .map((p) => {
      const src = /[?&]upstream=([^&]+)/.exec(p.purl)?.[1];
      return [
        p.name,
        p.epoch ? String(p.epoch) : '',
        p.version,
        p.arch ?? '',
        decodeURIComponent(src ?? ''),
      ];
    })
    .sort();
}

test('Berkeley DB Packages lists what rpm -qa lists, source rpm included', async () => {
  const c = await catalogLayers(
    [fixtureLayer({ 'var/lib/rpm/Packages': 'rpm/libuuid-Packages' })],
    only,
  );
  assert.deepEqual(c.warnings, []);
  assert.deepEqual(actual(c.packages), expected(join(FIXTURES, 'rpm/libuuid-Packages.rpm-qa.tsv')));
  const [p] = c.packages;
  assert.equal(p?.sourceName, 'util-linux');
  assert.equal(p?.sourceVersion, '2.32.1-42.el8_8');
  assert.deepEqual(p?.licenses, ['BSD']);
  assert.equal(p?.locations[0]?.layerDigest, 'sha256:fixture');
});

test('an epoch reaches the package and its purl', async () => {
  const c = await catalogLayers(
    [fixtureLayer({ 'var/lib/rpm/Packages': 'rpm/Packages_epoch' })],
    only,
  );
  assert.deepEqual(actual(c.packages), expected(join(FIXTURES, 'rpm/Packages_epoch.rpm-qa.tsv')));
  assert.match(c.packages[0]!.purl, /[?&]epoch=1(&|$)/);
});

const shared = sharedDir();
const vuln = shared && join(shared, 'fixtures', 'vuln');

test(
  'sqlite rpmdb (CBL-Mariner 2.0) lists what rpm -qa lists',
  { skip: !vuln && 'no shared fixtures' },
  async () => {
    const c = await catalogLayers(
      [fixtureLayer({ 'var/lib/rpm/rpmdb.sqlite': 'go-rpmdb/cbl-mariner-2.0/rpmdb.sqlite' }, vuln)],
      only,
    );
    assert.deepEqual(c.warnings, []);
    const want = expected(join(vuln!, 'derived/rpm-qa/go-rpmdb_cbl-mariner-2.0_rpmdb.sqlite.tsv'));
    assert.equal(c.packages.length, want.length);
    assert.deepEqual(actual(c.packages), want);
  },
);

test(
  'NDB Packages.db (SLE 15) matches go-rpmdb’s expected list',
  { skip: !vuln && 'no shared fixtures' },
  async () => {
    const c = await catalogLayers(
      [
        fixtureLayer(
          { 'usr/lib/sysimage/rpm/Packages.db': 'go-rpmdb/sle15-bci/Packages.db' },
          vuln,
        ),
      ],
      only,
    );
    assert.deepEqual(c.warnings, []);
    const want = expected(
      join(vuln!, 'derived/rpm-qa/go-rpmdb_sle15-bci_Packages.db.EXPECTED-from-go-rpmdb-test.tsv'),
    );
    assert.equal(c.packages.length, 35);
    assert.deepEqual(actual(c.packages), want);
  },
);

test('the rpmdb is found through a /var/lib/rpm symlink, once', async () => {
  const c = await catalogLayers(
    [
      fixtureLayer({ 'usr/lib/sysimage/rpm/Packages': 'rpm/libuuid-Packages' }),
      memoryLayer('L1', [{ path: 'var/lib/rpm', symlink: '../../usr/lib/sysimage/rpm' }]),
    ],
    only,
  );
  assert.deepEqual(
    c.packages.map((p) => p.name),
    ['libuuid'],
  );
});

test('a file that is no rpm database is a warning naming it', async () => {
  const c = await catalogLayers([fixtureLayer({ 'var/lib/rpm/Packages': 'rpm/invalid' })], only);
  assert.deepEqual(c.packages, []);
  assert.deepEqual(
    c.warnings.map((w) => [w.code, w.path]),
    [['PACKAGE_DB_INVALID', 'var/lib/rpm/Packages']],
  );
});

test('hostile header blobs fail with a coded error, never a RangeError', () => {
  const blobs = [
    new Uint8Array(3),
    Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 0]),
    Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]),
    // one NAME entry (string) pointing past the data store
    Uint8Array.from([
      0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 3, 0xe8, 0, 0, 0, 6, 0, 0, 0, 9, 0, 0, 0, 1, 97, 98, 99, 0,
    ]),
    // NAME string without a terminator
    Uint8Array.from([
      0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 3, 0xe8, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 1, 97, 98, 99,
    ]),
  ];
  for (const blob of blobs) {
    assert.throws(() => parseRpmHeader(blob), { code: 'PACKAGE_DB_INVALID' });
  }
  const ok = Uint8Array.from([
    0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 3, 0xe8, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 1, 97, 98, 99, 0,
  ]);
  assert.equal(parseRpmHeader(ok).name, 'abc');
});

test('a truncated or looping Berkeley DB is a warning, not a hang', async () => {
  const { readFileSync } = await import('node:fs');
  const db = readFileSync(join(FIXTURES, 'rpm/libuuid-Packages'));
  const truncated = db.subarray(0, db.length - 4096 * 3);
  const c = await catalogLayers(
    [memoryLayer('L', [{ path: 'var/lib/rpm/Packages', content: truncated }])],
    only,
  );
  assert.equal(c.packages.length, 0);
  assert.equal(c.warnings[0]?.code, 'PACKAGE_DB_INVALID');
});

test('a Mariner distroless image without rpmdb is read from its container manifest', async () => {
  const c = await catalogLayers(
    [fixtureLayer({ 'var/lib/rpmmanifest/container-manifest-2': 'rpm/container-manifest-2' })],
    only,
  );
  assert.deepEqual(c.warnings, []);
  const vim = c.packages.find((p) => p.name === 'vim');
  assert.deepEqual(
    [vim?.version, vim?.epoch, vim?.arch, vim?.sourceName],
    ['9.0-1.cm2', 2, 'x86_64', 'vim'],
  );
  assert.equal(c.packages.length, 5);
  assert.equal(c.packages.find((p) => p.name === 'openssl-libs')?.sourceName, 'openssl');
});

test('an sqlite file whose Packages is a view (an endless query) is refused, not run', async () => {
  const { DatabaseSync } = await import('node:sqlite');
  const { mkdtempSync, readFileSync: read, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'sigil-rpm-view-'));
  try {
    const file = join(dir, 'rpmdb.sqlite');
    const db = new DatabaseSync(file);
    db.exec(
      'CREATE VIEW Packages AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x AS blob FROM n',
    );
    db.close();
    const c = await catalogLayers(
      [memoryLayer('L', [{ path: 'var/lib/rpm/rpmdb.sqlite', content: read(file) }])],
      only,
    );
    assert.deepEqual(c.packages, []);
    assert.deepEqual(
      c.warnings.map((w) => w.code),
      ['PACKAGE_DB_INVALID'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('NDB slots all pointing at one large blob stop at the work bound', async () => {
  const { ndbBlobs } = await import('./ndb.ts');
  // One slot page (256 slots): every slot names package 1 at block 1024 (byte 16 KiB).
  const db = Buffer.alloc(4096 + 16 + 65536);
  db.writeUInt32LE(0x506d7052, 0);
  db.writeUInt32LE(1, 12);
  for (let at = 32; at < 4096; at += 16) {
    db.writeUInt32LE(0x746f6c53, at);
    db.writeUInt32LE(1, at + 4);
    db.writeUInt32LE(256, at + 8);
  }
  db.writeUInt32LE(0x53626c42, 4096);
  db.writeUInt32LE(1, 4100);
  db.writeUInt32LE(65536, 4108);
  assert.throws(() => [...ndbBlobs(db)], { code: 'PACKAGE_DB_INVALID' });
});
