import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { catalogLayers } from '../../catalog.ts';
import { memoryLayer } from '../../layers/test-layers.ts';
import { FIXTURES } from '../../test-helpers.ts';
import { javaArchiveCataloger } from './index.ts';
import { makeZip } from './test-zip.ts';

const only = { catalogers: [javaArchiveCataloger] };
const noZip = spawnSync('sh', ['-c', 'command -v zip']).status === 0 ? false : 'needs zip';
const work = mkdtempSync(join(tmpdir(), 'sigil-jar-'));
after(() => rmSync(work, { recursive: true, force: true }));

// A real jar made by Info-ZIP from syft's unpacked jar fixtures.
function jar(dir: string): Buffer {
  const out = join(work, `${dir}.jar`);
  execFileSync('zip', ['-q', '-r', '-X', out, 'META-INF'], { cwd: join(FIXTURES, 'java', dir) });
  return readFileSync(out);
}

test(
  'pom.properties name the Maven packages in a jar, shaded ones included',
  { skip: noZip },
  async () => {
    const c = await catalogLayers(
      [
        memoryLayer('L', [
          { path: 'app/lib/opensaml-core-3.4.6.jar', content: jar('opensaml-core-3.4.6') },
          { path: 'app/lib/api-all-2.0.0-sources.jar', content: jar('api-all-2.0.0-sources') },
        ]),
      ],
      only,
    );
    assert.deepEqual(c.warnings, []);
    assert.deepEqual(
      c.packages.map((p) => [p.purl, p.locations[0]?.path]),
      [
        ['pkg:maven/org.apache.directory.api/api-all@2.0.0', 'app/lib/api-all-2.0.0-sources.jar'],
        [
          'pkg:maven/org.apache.directory.api/api-asn1-api@2.0.0',
          'app/lib/api-all-2.0.0-sources.jar',
        ],
        ['pkg:maven/org.opensaml/opensaml-core@3.4.6', 'app/lib/opensaml-core-3.4.6.jar'],
      ],
    );
  },
);

test('a jar without pom.properties is named from its manifest, else its file name', async () => {
  const c = await catalogLayers(
    [
      memoryLayer('L', [
        {
          path: 'opt/x/thing.jar',
          content: makeZip({
            'META-INF/MANIFEST.MF':
              'Manifest-Version: 1.0\r\nImplementation-Title: thing\r\nImplementation-Version: 2.\r\n 5.1\r\nImplementation-Vendor-Id: org.example\r\n\r\n',
          }),
        },
        {
          path: 'opt/x/commons-lang3-3.12.0.jar',
          content: makeZip({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n' }, false),
        },
      ]),
    ],
    only,
  );
  assert.deepEqual(
    c.packages.map((p) => p.purl),
    ['pkg:maven/commons-lang3/commons-lang3@3.12.0', 'pkg:maven/org.example/thing@2.5.1'],
  );
});

test('a .jar that is not a zip, or names nothing, is a warning naming it', async () => {
  const c = await catalogLayers(
    [
      memoryLayer('L', [
        { path: 'a/notzip.jar', content: 'hello' },
        { path: 'a/empty.jar', content: makeZip({ 'x.class': 'cafebabe' }) },
      ]),
    ],
    only,
  );
  assert.deepEqual(c.packages, []);
  assert.deepEqual(
    c.warnings.map((w) => w.path),
    ['a/notzip.jar', 'a/empty.jar'],
  );
});
