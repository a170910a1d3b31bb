// End-to-end over the shared fixture OCI images: each layer is unpacked with GNU tar, fed to
// the layer merge through the directory walker, and the catalog is compared with what
// independent tools say about a root file system built by tar with whiteouts applied.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { catalogLayers, type Catalog } from './catalog.ts';
import { directoryLayer } from './layers/dir-layer.ts';
import {
  IMAGES_SKIP,
  blobPath,
  debLines,
  dpkgQuery,
  layersOf,
  referenceRootfs,
} from './test-images.ts';

const skip = IMAGES_SKIP;

let work = '';
before(() => {
  if (!skip) work = mkdtempSync(join(tmpdir(), 'sigil-images-'));
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// Each layer unpacked once, as-is (whiteout files included), for the merge under test.
function layerDir(digest: string): string {
  const dir = join(work, 'layers', digest.replace('sha256:', ''));
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', blobPath(digest), '-C', dir, '--no-same-owner']);
  }
  return dir;
}

const catalogs = new Map<string, Promise<{ digests: string[]; catalog: Catalog }>>();

function catalogImage(ref: string) {
  let done = catalogs.get(ref);
  if (!done) {
    const digests = layersOf(ref);
    done = catalogLayers(digests.map((d) => directoryLayer(layerDir(d), d))).then((catalog) => ({
      digests,
      catalog,
    }));
    catalogs.set(ref, done);
  }
  return done;
}

test(
  'node-app: dpkg matches dpkg-query after the whiteout layer purged e2fsprogs',
  { skip },
  async () => {
    const { digests, catalog } = await catalogImage('node-app');
    const root = referenceRootfs(work, 'node-app', digests, [
      'var/lib/dpkg/',
      'usr/sbin/',
      'app/package-lock.json',
    ]);
    const want = dpkgQuery(join(root, 'var/lib/dpkg'));
    assert.ok(want.length > 50);
    assert.deepEqual(debLines(catalog.packages), want);
    assert.ok(!catalog.packages.some((p) => p.name === 'e2fsprogs'));
    assert.equal(catalog.os?.id, 'debian');
    assert.equal(catalog.os?.versionId, '12');
    // The status file came from the top layer, and its packages say so.
    const bash = catalog.packages.find((p) => p.name === 'bash');
    assert.equal(bash?.locations[0]?.layerDigest, digests[2]);
    // Source and version were checked against dpkg-query above; the purl carries them as syft does.
    assert.equal(
      bash?.purl,
      `pkg:deb/debian/bash@${bash?.version}?arch=amd64&distro=debian-12&upstream=${encodeURIComponent(`${bash?.sourceName}@${bash?.sourceVersion}`)}`,
    );
    assert.notEqual(bash?.version, bash?.sourceVersion);
    // Files the whiteouts removed are gone from the merged tree, as from tar's root.
    assert.equal(catalog.files.stat('usr/sbin/e2fsck'), undefined);
    assert.equal(existsSync(join(root, 'usr/sbin/e2fsck')), false);
  },
);

test('node-app: npm packages are the ones package-lock.json installed', { skip }, async () => {
  const { digests, catalog } = await catalogImage('node-app');
  const root = referenceRootfs(work, 'node-app-lock', digests, ['app/package-lock.json']);
  const lock = JSON.parse(readFileSync(join(root, 'app/package-lock.json'), 'utf8'));
  const want = Object.entries(lock.packages as Record<string, { version?: string }>)
    .filter(([path]) => path.startsWith('node_modules/'))
    .map(([path, v]) => `app/${path}/package.json ${v.version}`)
    .sort();
  const got = catalog.packages
    .filter((p) => p.type === 'npm' && p.locations[0]!.path.startsWith('app/node_modules/'))
    .filter((p) =>
      /^app\/(node_modules\/(@[^/]+\/)?[^/]+\/)+package\.json$/.test(p.locations[0]!.path),
    )
    .map((p) => `${p.locations[0]!.path} ${p.version}`)
    .sort();
  assert.deepEqual(got, want);
  assert.ok(catalog.packages.some((p) => p.purl === 'pkg:npm/lodash@4.17.15'));
});

test(
  'node-app: the Go binary in the top layer reports its Go standard library',
  { skip },
  async () => {
    const { digests, catalog } = await catalogImage('node-app');
    const go = catalog.packages.filter((p) => p.type === 'go-module');
    // Debian's docker-registry (bookworm) is built with Go 1.19.8 in GOPATH mode: no module lines.
    assert.deepEqual(
      go.map((p) => [p.purl, p.locations[0]?.path, p.locations[0]?.layerDigest]),
      [['pkg:golang/stdlib@1.19.8', 'usr/local/bin/registry', digests[2]]],
    );
  },
);

test(
  'python-app: dpkg matches dpkg-query; python packages match the dist-info folders',
  { skip },
  async () => {
    const { digests, catalog } = await catalogImage('python-app');
    const root = referenceRootfs(work, 'python-app', digests, [
      'var/lib/dpkg/',
      'usr/lib/python3/',
    ]);
    assert.deepEqual(debLines(catalog.packages), dpkgQuery(join(root, 'var/lib/dpkg')));
    const sp = join(root, 'usr/lib/python3/dist-packages');
    const want = readdirSync(sp)
      .filter((n) => n.endsWith('.dist-info') || n.endsWith('.egg-info'))
      .map((n) => n.replace(/\.(dist|egg)-info$/, '').replace(/-py\d.*$/, ''))
      .map((n) => n.toLowerCase().replace(/[-_.]+/g, '-'))
      .sort();
    const got = catalog.packages
      .filter((p) => p.type === 'python')
      .map((p) => `${p.name}-${p.version}`.toLowerCase().replace(/[-_.]+/g, '-'))
      .sort();
    assert.ok(want.length >= 2);
    assert.deepEqual(got, want);
  },
);

test(
  'distroless: status.d packages match dpkg-query over the same control files',
  { skip },
  async () => {
    const { digests, catalog } = await catalogImage('distroless');
    const root = referenceRootfs(work, 'distroless', digests, ['var/lib/dpkg/']);
    const statusD = join(root, 'var/lib/dpkg/status.d');
    const admin = join(work, 'distroless-admin');
    mkdirSync(join(admin, 'info'), { recursive: true });
    const files = readdirSync(statusD).filter((n) => !n.endsWith('.md5sums'));
    execFileSync('bash', [
      '-c',
      'for f in "${@:2}"; do cat "$f"; echo; done > "$1/status"',
      'bash',
      admin,
      ...files.map((f) => join(statusD, f)),
    ]);
    assert.deepEqual(debLines(catalog.packages), dpkgQuery(admin));
    assert.equal(catalog.os?.distroless, true);
    assert.deepEqual(catalog.warnings, []);
  },
);
