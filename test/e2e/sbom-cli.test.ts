// `sigil sbom` through the real CLI: the bundled sample as `oci:` and as a docker archive
// (made by `sigil copy`), every format, and byte-identical output for the same image.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { tar, writeLayout } from '../../src/sbom/test-layout.ts';
import { sigil } from '../helpers/cli.ts';

const SAMPLE = `oci:${fileURLToPath(new URL('../../samples/oci', import.meta.url))}:sample`;
const tmp = mkdtempSync(join(tmpdir(), 'sigil-e2e-sbom-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const env = { SOURCE_DATE_EPOCH: '1700000000' };

type Cdx = {
  specVersion: string;
  metadata: { timestamp: string };
  components: { type: string; name: string; purl?: string }[];
};

test('sbom writes CycloneDX by default for an oci: image, with its deb packages', async () => {
  const r = await sigil(['sbom', SAMPLE], { env });
  assert.equal(r.code, 0, r.stderr);
  const bom = JSON.parse(r.stdout) as Cdx;
  assert.equal(bom.specVersion, '1.6');
  assert.equal(bom.metadata.timestamp, '2023-11-14T22:13:20Z');
  const debs = bom.components.filter((c) => c.purl?.startsWith('pkg:deb/'));
  assert.equal(debs.length, 4);
  assert.ok(bom.components.some((c) => c.type === 'operating-system'));
});

test('sbom of the same image as a docker archive lists the same packages', async () => {
  const archive = join(tmp, 'sample.tar');
  const copy = await sigil(['copy', SAMPLE, `docker-archive:${archive}:sample:1`]);
  assert.equal(copy.code, 0, copy.stderr);
  const out = join(tmp, 'archive.sigil.json');
  const r = await sigil(
    ['sbom', `docker-archive:${archive}`, '--format', 'sigil-json', '-o', out],
    { env },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const fromArchive = JSON.parse(readFileSync(out, 'utf8'));
  const fromLayout = JSON.parse(
    (await sigil(['sbom', SAMPLE, '--format', 'sigil-json'], { env })).stdout,
  );
  assert.equal(fromArchive.schema, 'sigil.sbom/v1');
  assert.equal(fromArchive.image.platform, 'linux/amd64');
  assert.equal(fromArchive.os.id, fromLayout.os.id);
  assert.deepEqual(fromArchive.packages, fromLayout.packages);
  assert.ok(fromArchive.packages.every((p: { locations: unknown[] }) => p.locations.length > 0));
});

test('sbom is byte-identical across runs in every format', async () => {
  for (const format of ['cyclonedx-json', 'spdx-json', 'sigil-json']) {
    const a = await sigil(['sbom', SAMPLE, '--format', format], { env });
    const b = await sigil(['sbom', SAMPLE, '--format', format], { env });
    assert.equal(a.code, 0, a.stderr);
    assert.ok(a.stdout.length > 500);
    assert.equal(a.stdout, b.stdout, format);
  }
});

test('sbom refuses an unknown format as a usage error', async () => {
  const r = await sigil(['sbom', SAMPLE, '--format', 'xml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /sigil: USAGE: --format must be one of cyclonedx-json/);
});

test('metadata that does not parse is warned on stderr and listed in the SBOM; the SBOM is written', async () => {
  const layer = gzipSync(
    await tar([
      { path: 'etc/os-release', body: 'ID=debian\nVERSION_ID=12\n' },
      { path: 'app/node_modules/ok/package.json', body: '{"name":"ok","version":"1.0.0"}' },
      { path: 'app/node_modules/broken/package.json', body: '{"name": "broken", ' },
    ]),
  );
  const image = writeLayout(tmp, [layer]);
  const r = await sigil(['sbom', image, '--format', 'sigil-json'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /^sigil: warning: PACKAGE_METADATA_INVALID: .* \(app\/node_modules\/broken\/package\.json\)$/m,
  );
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(
    doc.packages.map((p: { purl: string }) => p.purl),
    ['pkg:npm/ok@1.0.0'],
  );
  assert.deepEqual(
    doc.warnings.map((w: { code: string; path: string }) => `${w.code} ${w.path}`),
    ['PACKAGE_METADATA_INVALID app/node_modules/broken/package.json'],
  );
  const cdx = JSON.parse((await sigil(['sbom', image], { env })).stdout);
  assert.match(
    JSON.stringify(cdx.metadata.properties),
    /"name":"sigil:warning","value":"PACKAGE_METADATA_INVALID/,
  );
});
