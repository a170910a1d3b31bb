import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogLayers } from '../catalog.ts';
import { memoryLayer } from '../layers/test-layers.ts';
import { fixtureLayer } from '../test-helpers.ts';
import { pythonCataloger } from './python.ts';

const only = { catalogers: [pythonCataloger] };
const SP = 'usr/lib/python3/dist-packages';

test('dist-info METADATA, egg-info PKG-INFO and a bare egg-info file are packages', async () => {
  const c = await catalogLayers(
    [
      fixtureLayer({
        [`${SP}/pip-22.2.2.dist-info/METADATA`]: 'python/distinfo_meta',
        [`${SP}/setuptools-57.4.0.egg-info/PKG-INFO`]: 'python/egginfo_pkginfo',
        [`${SP}/pyOpenSSL-26.0.0.egg-info`]: 'python/pyopenssl-26.0.0.dist-info',
      }),
    ],
    only,
  );
  assert.deepEqual(c.warnings, []);
  assert.deepEqual(
    c.packages.map((p) => [p.name, p.version, p.purl, p.licenses.join('|')]),
    [
      ['pip', '22.2.2', 'pkg:pypi/pip@22.2.2', 'MIT'],
      ['pyOpenSSL', '26.0.0', 'pkg:pypi/pyopenssl@26.0.0', 'Apache License, Version 2.0'],
      ['setuptools', '57.4.0', 'pkg:pypi/setuptools@57.4.0', 'MIT License'],
    ],
  );
});

test('PEP 503 names in purls; metadata without a version is a warning with its path', async () => {
  const c = await catalogLayers(
    [
      memoryLayer('L', [
        {
          path: `${SP}/Foo_Bar.Baz-1.0.dist-info/METADATA`,
          content: 'Name: Foo_Bar.Baz\nVersion: 1.0\n',
        },
        { path: `${SP}/broken.dist-info/METADATA`, content: 'Name: broken\n\nVersion: 2\n' },
      ]),
    ],
    only,
  );
  assert.deepEqual(
    c.packages.map((p) => p.purl),
    ['pkg:pypi/foo-bar.baz@1.0'],
  );
  assert.deepEqual(
    c.warnings.map((w) => [w.code, w.path]),
    [['PACKAGE_METADATA_INVALID', `${SP}/broken.dist-info/METADATA`]],
  );
});
