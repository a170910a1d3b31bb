// The contract every cataloger in CATALOGERS keeps. A new cataloger must add a sample below.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogLayers } from '../catalog.ts';
import { mergeLayers } from '../layers/merge.ts';
import { memoryLayer } from '../layers/test-layers.ts';
import type { Layer } from '../layers/types.ts';
import { fixtureLayer } from '../test-helpers.ts';
import { inlineBinary } from './go/test-binary.ts';
import { CATALOGERS } from './index.ts';
import { makeZip } from './java/test-zip.ts';

/** A small valid input per cataloger: the layer and how many packages it holds. */
const SAMPLES: Record<string, () => { layer: Layer; count: number }> = {
  dpkg: () => ({
    layer: fixtureLayer({
      'var/lib/dpkg/status.d/libsqlite3-0':
        'dpkg/distroless-deb/var/lib/dpkg/status.d/libsqlite3-0',
    }),
    count: 1,
  }),
  apk: () => ({ layer: fixtureLayer({ 'lib/apk/db/installed': 'apk/installed' }), count: 15 }),
  rpm: () => ({
    layer: fixtureLayer({ 'var/lib/rpm/Packages': 'rpm/libuuid-Packages' }),
    count: 1,
  }),
  npm: () => ({
    layer: memoryLayer('s', [
      { path: 'node_modules/a/package.json', content: '{"name":"a","version":"1.0.0"}' },
    ]),
    count: 1,
  }),
  'ruby-gemspec': () => ({
    layer: fixtureLayer({ 'gems/specifications/bundler-2.1.4.gemspec': 'ruby/bundler.gemspec' }),
    count: 1,
  }),
  'php-composer': () => ({
    layer: fixtureLayer({ 'vendor/composer/installed.json': 'php/composer2-installed.json' }),
    count: 2,
  }),
  'dotnet-deps': () => ({
    layer: fixtureLayer({ 'app/TestLibrary.deps.json': 'dotnet/TestLibrary.deps.json' }),
    count: 12,
  }),
  'go-module-binary': () => ({
    layer: memoryLayer('s', [{ path: 'usr/local/bin/app', content: inlineBinary() }]),
    count: 3,
  }),
  'java-archive': () => ({
    layer: memoryLayer('s', [
      {
        path: 'lib/x.jar',
        content: makeZip({
          'META-INF/maven/g/a/pom.properties': 'groupId=g\nartifactId=a\nversion=1\n',
        }),
      },
    ]),
    count: 1,
  }),
  python: () => ({
    layer: fixtureLayer({ 'site-packages/pip-22.2.2.dist-info/METADATA': 'python/distinfo_meta' }),
    count: 1,
  }),
};

/** Paths where some cataloger looks; each contract run fills the wanted ones with junk. */
const CANDIDATE_PATHS = [
  'var/lib/dpkg/status',
  'var/lib/dpkg/status.d/junk',
  'usr/share/doc/junk/copyright',
  'lib/apk/db/installed',
  'var/lib/rpm/Packages',
  'var/lib/rpm/Packages.db',
  'var/lib/rpm/rpmdb.sqlite',
  'usr/lib/sysimage/rpm/Packages',
  'app/node_modules/junk/package.json',
  'usr/lib/python3/dist-packages/junk-1.dist-info/METADATA',
  'usr/lib/python3/dist-packages/junk-1.egg-info/PKG-INFO',
  'usr/lib/python3/dist-packages/junk-1.egg-info',
  'usr/lib/ruby/gems/3.1.0/specifications/junk-1.gemspec',
  'app/vendor/composer/installed.json',
  'app/junk.deps.json',
  'usr/local/bin/junk',
  'app/lib/junk.jar',
];

const JUNK = [
  Buffer.alloc(0),
  Buffer.from('\0\xff\x01garbage\n\n:::\n'),
  Buffer.alloc(70_000, 0x5a),
];

test('cataloger names are unique and every cataloger has a contract sample', () => {
  const names = CATALOGERS.map((c) => c.name);
  assert.equal(new Set(names).size, names.length);
  for (const n of names) assert.ok(SAMPLES[n], `no contract sample for ${n}`);
});

for (const cataloger of CATALOGERS) {
  describe(`cataloger contract: ${cataloger.name}`, () => {
    const only = { catalogers: [cataloger] };

    test('has a version and wants no ordinary system files', () => {
      assert.ok(cataloger.version.length > 0);
      for (const p of ['etc/passwd', 'usr/bin/bash', 'bin/sh', 'etc/os-release', '']) {
        assert.equal(cataloger.wants(p), false, p);
      }
      assert.ok(
        cataloger.probe || CANDIDATE_PATHS.some((p) => cataloger.wants(p)),
        'wants none of the candidate paths and probes nothing',
      );
    });

    test('an empty image gives no packages and no warnings', async () => {
      const c = await catalogLayers([memoryLayer('e', ['etc/', 'usr/bin/x'])], only);
      assert.deepEqual([c.packages, c.warnings], [[], []]);
    });

    test('the sample gives complete packages that point at files in the image', async () => {
      const sample = SAMPLES[cataloger.name]!();
      const c = await catalogLayers([sample.layer], only);
      assert.deepEqual(c.warnings, []);
      assert.equal(c.packages.length, sample.count);
      for (const p of c.packages) {
        assert.ok(p.name && p.version, 'name and version');
        assert.match(p.purl, /^pkg:[a-z]+\//);
        assert.equal(p.foundBy, cataloger.name);
        assert.ok(p.locations.length > 0);
        for (const loc of p.locations) assert.ok(c.files.stat(loc.path), loc.path);
      }
    });

    test('the same input gives the same output', async () => {
      const a = await catalogLayers([SAMPLES[cataloger.name]!().layer], only);
      const b = await catalogLayers([SAMPLES[cataloger.name]!().layer], only);
      assert.deepEqual(a.packages, b.packages);
    });

    test('junk where metadata belongs never throws; warnings name their file', async () => {
      for (const junk of JUNK) {
        const wanted = CANDIDATE_PATHS.filter((p) => cataloger.wants(p));
        const { tree } = await mergeLayers(
          [
            memoryLayer(
              'j',
              wanted.map((path) => ({ path, content: junk })),
            ),
          ],
          {
            wants: () => true,
          },
        );
        const result = await cataloger.catalog(tree, { os: undefined });
        for (const w of result.warnings) {
          assert.ok(
            w.path === undefined || tree.stat(w.path),
            `warning for a file not in the image: ${w.path}`,
          );
          assert.match(w.code, /^[A-Z_]+$/);
        }
        assert.deepEqual(result.packages, [], `junk ${junk.length} bytes gave packages`);
      }
    });
  });
}
