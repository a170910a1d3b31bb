import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogLayers } from '../catalog.ts';
import { memoryLayer } from '../layers/test-layers.ts';
import { npmCataloger } from './npm.ts';

const only = { catalogers: [npmCataloger] };
const json = (o: unknown) => JSON.stringify(o);

test('node_modules packages, scoped and nested, each at its own path', async () => {
  const c = await catalogLayers(
    [
      memoryLayer('L0', [
        {
          path: 'app/package.json',
          content: json({ name: 'my-app', version: '1.0.0', private: true }),
        },
        {
          path: 'app/node_modules/lodash/package.json',
          content: json({ name: 'lodash', version: '4.17.15', license: 'MIT' }),
        },
        {
          path: 'app/node_modules/@types/node/package.json',
          content: json({ name: '@types/node', version: '20.1.0', licenses: [{ type: 'MIT' }] }),
        },
        {
          path: 'app/node_modules/a/node_modules/lodash/package.json',
          content: json({ name: 'lodash', version: '3.0.0' }),
        },
        { path: 'app/node_modules/noversion/package.json', content: json({ name: 'noversion' }) },
      ]),
    ],
    only,
  );
  assert.deepEqual(c.warnings, []);
  assert.deepEqual(
    c.packages.map((p) => [p.purl, p.locations[0]?.path, p.licenses.join()]),
    [
      ['pkg:npm/%40types/node@20.1.0', 'app/node_modules/@types/node/package.json', 'MIT'],
      ['pkg:npm/lodash@3.0.0', 'app/node_modules/a/node_modules/lodash/package.json', ''],
      ['pkg:npm/lodash@4.17.15', 'app/node_modules/lodash/package.json', 'MIT'],
      ['pkg:npm/my-app@1.0.0', 'app/package.json', ''],
    ],
  );
});

test('a package.json that is not JSON is a warning with its path', async () => {
  const c = await catalogLayers(
    [memoryLayer('L0', [{ path: 'node_modules/x/package.json', content: '{ nope' }])],
    only,
  );
  assert.deepEqual(c.packages, []);
  assert.deepEqual(
    c.warnings.map((w) => [w.code, w.path]),
    [['PACKAGE_METADATA_INVALID', 'node_modules/x/package.json']],
  );
});

test('a package.json over the npm bound (1 MiB) is not read, with a warning', async () => {
  const big = JSON.stringify({ name: 'big', version: '1.0.0', pad: 'x'.repeat(1024 * 1024) });
  const c = await catalogLayers(
    [memoryLayer('L0', [{ path: 'node_modules/big/package.json', content: big }])],
    only,
  );
  assert.deepEqual(c.packages, []);
  assert.deepEqual(
    c.warnings.map((w) => [w.code, w.path]),
    [['FILE_TOO_LARGE', 'node_modules/big/package.json']],
  );
});
