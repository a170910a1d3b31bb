import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SigilEvent } from '../core/index.ts';
import { catalogLayers } from './catalog.ts';
import type { Cataloger } from './catalogers/types.ts';
import { memoryLayer } from './layers/test-layers.ts';

test('warnings reach the event sink once each; layers report progress', async () => {
  const events: SigilEvent[] = [];
  const c = await catalogLayers(
    [
      memoryLayer('L0', [
        '../escape',
        { path: 'var/lib/dpkg/status', content: 'Package: a\nVersion: 1\n' },
      ]),
      memoryLayer('L1', [{ path: 'node_modules/x/package.json', content: '{' }]),
    ],
    { events: (e) => events.push(e) },
  );
  const warned = events
    .filter((e) => e.kind === 'warning')
    .map((e) => (e.kind === 'warning' ? e.code : ''));
  assert.deepEqual(warned.sort(), c.warnings.map((w) => w.code).sort());
  assert.deepEqual(warned.sort(), ['LAYER_PATH_UNSAFE', 'PACKAGE_METADATA_INVALID']);
  assert.deepEqual(
    events.filter((e) => e.kind === 'progress').map((e) => (e.kind === 'progress' ? e.id : '')),
    ['L0', 'L1'],
  );
  assert.deepEqual(
    c.packages.map((p) => p.name),
    ['a'],
  );
});

test('a cataloger that throws costs only its own results', async () => {
  const broken: Cataloger = {
    name: 'broken',
    version: '1',
    wants: () => false,
    catalog: () => Promise.reject(new TypeError('boom')),
  };
  const { CATALOGERS } = await import('./catalogers/index.ts');
  const c = await catalogLayers(
    [memoryLayer('L0', [{ path: 'var/lib/dpkg/status', content: 'Package: a\nVersion: 1\n' }])],
    { catalogers: [broken, ...CATALOGERS] },
  );
  assert.deepEqual(
    c.packages.map((p) => p.name),
    ['a'],
  );
  assert.deepEqual(
    c.warnings.map((w) => [w.code, w.message]),
    [['CATALOGER_FAILED', 'broken: boom']],
  );
});
