import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { catalogLayers } from '../catalog.ts';
import { memoryLayer } from '../layers/test-layers.ts';
import { FIXTURES, fixtureLayer } from '../test-helpers.ts';
import { toCycloneDx } from './cyclonedx.ts';
import { toSpdx } from './spdx.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const require = createRequire(import.meta.url);
const cdxSchemas = join(
  dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')),
  'res',
  'schema',
);
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

function cycloneDxValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // bom-1.6 refers to its companions by their SNAPSHOT file names.
  for (const name of ['spdx', 'jsf-0.82']) {
    const schema = json(join(cdxSchemas, `${name}.SNAPSHOT.schema.json`));
    ajv.addSchema({ ...schema, $id: `http://cyclonedx.org/schema/${name}.SNAPSHOT.schema.json` });
  }
  return ajv.compile(json(join(cdxSchemas, 'bom-1.6.SNAPSHOT.schema.json')));
}

function spdxValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(json(join(FIXTURES, 'schemas/spdx-2.3.schema.json')));
}

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
