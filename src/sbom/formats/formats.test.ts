import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogLayers } from '../catalog.ts';
import { memoryLayer } from '../layers/test-layers.ts';
import { fixtureLayer } from '../test-helpers.ts';
import { cycloneDxValidator, spdxValidator } from './test-validators.ts';
import { toCycloneDx } from './cyclonedx.ts';
import { toSpdx } from './spdx.ts';

async function sampleInput() {
  const c = await catalogLayers([
    fixtureLayer({ 'lib/apk/db/installed': 'apk/installed' }),
    memoryLayer('sha256:top', [
      {
        path: 'etc/os-release',
        content: 'ID=alpine\nVERSION_ID=3.18.0\nPRETTY_NAME="Alpine Linux v3.18"\n',
      },
      {
        path: 'app/node_modules/@scope/x/package.json',
        content: '{"name":"@scope/x","version":"1.0.0","license":"MIT"}',
      },
      { path: 'app/node_modules/y/package.json', content: '{"name":"y","version":"2.0.0"}' },
      { path: 'app/other/node_modules/y/package.json', content: '{"name":"y","version":"2.0.0"}' },
    ]),
  ]);
  return {
    subject: { name: 'registry.example/app:1', digest: `sha256:${'a'.repeat(64)}` },
    os: c.os,
    packages: c.packages,
  };
}

const env = { SOURCE_DATE_EPOCH: '1700000000' };

test('CycloneDX 1.6 output validates against the official schema and lists every package', async () => {
  const input = await sampleInput();
  const bom = toCycloneDx(input, { env });
  const validate = cycloneDxValidator();
  assert.ok(validate(bom), JSON.stringify(validate.errors, null, 2));
  assert.equal(
    validate({ ...bom, components: [{ type: 'library' }] }),
    false,
    'the validator rejects a nameless component',
  );
  const comps = bom.components as { purl?: string; type: string; 'bom-ref': string }[];
  assert.deepEqual(
    comps.filter((c) => c.purl).map((c) => c.purl),
    input.packages.map((p) => p.purl),
  );
  assert.equal(new Set(comps.map((c) => c['bom-ref'])).size, comps.length, 'bom-refs are unique');
  assert.ok(comps.some((c) => c.type === 'operating-system'));
  assert.equal((bom.metadata as { timestamp: string }).timestamp, '2023-11-14T22:13:20Z');
});

test('SPDX 2.3 output validates against the official schema; the image contains every package', async () => {
  const input = await sampleInput();
  const doc = toSpdx(input, { env });
  const validate = spdxValidator();
  assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
  assert.equal(
    validate({ ...doc, SPDXID: 'not-an-id', spdxVersion: undefined }),
    false,
    'the validator rejects a broken document',
  );
  const pkgs = doc.packages as { SPDXID: string; externalRefs?: { referenceLocator: string }[] }[];
  const rels = doc.relationships as { relationshipType: string; relatedSpdxElement: string }[];
  const contained = new Set(
    rels.filter((r) => r.relationshipType === 'CONTAINS').map((r) => r.relatedSpdxElement),
  );
  const purls = pkgs
    .filter((p) => contained.has(p.SPDXID))
    .map((p) => p.externalRefs?.[0]?.referenceLocator);
  assert.deepEqual(
    purls,
    input.packages.map((p) => p.purl),
  );
  assert.equal(new Set(pkgs.map((p) => p.SPDXID)).size, pkgs.length);
  assert.equal((doc.creationInfo as { created: string }).created, '2023-11-14T22:13:20Z');
});

test('output is deterministic: same input and SOURCE_DATE_EPOCH, same bytes; ids follow content', async () => {
  const a = await sampleInput();
  const b = await sampleInput();
  for (const format of [toCycloneDx, toSpdx]) {
    assert.equal(JSON.stringify(format(a, { env })), JSON.stringify(format(b, { env })));
    const later = format(a, { env: { SOURCE_DATE_EPOCH: '1800000000' } });
    const other = format({ ...a, packages: a.packages.slice(1) }, { env });
    const id = (d: Record<string, unknown>) => String(d.serialNumber ?? d.documentNamespace);
    assert.equal(id(later), id(format(a, { env })));
    assert.notEqual(id(other), id(format(a, { env })));
  }
});

test('a malformed SOURCE_DATE_EPOCH is a coded error; without one the clock decides', async () => {
  const input = await sampleInput();
  assert.throws(() => toSpdx(input, { env: { SOURCE_DATE_EPOCH: 'yesterday' } }), {
    code: 'SOURCE_DATE_EPOCH_INVALID',
  });
  const clock = { now: () => new Date('2030-01-02T03:04:05.678Z'), sleep: () => Promise.resolve() };
  const doc = toCycloneDx(input, { env: {}, clock });
  assert.equal((doc.metadata as { timestamp: string }).timestamp, '2030-01-02T03:04:05Z');
});
