// Issue #3 "Done when", through the real path: every shared fixture image opened as `oci:`,
// its layers streamed through decompression and Sigil's tar reader into the merge and the
// catalogers, compared with independent tools over a root file system GNU tar unpacked
// (whiteouts applied by the shell): dpkg-query for deb packages, the package.json files under
// node_modules for npm, the dist-info/egg-info entries for Python.
import assert from 'node:assert/strict';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  writeFileSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { openImageSource } from '../oci/index.ts';
import { catalogImage, type ImageCatalog } from './image.ts';
import { imageSbom } from './formats/index.ts';
import { cycloneDxValidator, spdxValidator } from './formats/test-validators.ts';
import {
  IMAGE_LAYOUT,
  IMAGES_SKIP,
  debLines,
  dpkgQuery,
  imageRefs,
  layersOf,
  referenceRootfs,
} from './test-images.ts';

const skip = IMAGES_SKIP;
let work = '';
before(() => {
  if (!skip) work = mkdtempSync(join(tmpdir(), 'sigil-image-'));
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

async function catalogRef(ref: string): Promise<ImageCatalog> {
  const src = await openImageSource(`oci:${IMAGE_LAYOUT}:${ref}`);
  try {
    return await catalogImage(src);
  } finally {
    await src.close();
  }
}

// Every file and directory of the tree, without following symlinks.
function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    yield p;
    if (lstatSync(p).isDirectory()) yield* walk(p);
  }
}

// dpkg's database as dpkg-query reads it; distroless status.d files joined into a status file.
function referenceDebs(root: string): string[] {
  const admin = join(root, 'var/lib/dpkg');
  if (existsSync(join(admin, 'status'))) return dpkgQuery(admin);
  const statusD = join(admin, 'status.d');
  if (!existsSync(statusD)) return [];
  const fake = mkdtempSync(join(work, 'admin-'));
  const text = readdirSync(statusD)
    .filter((n) => !n.endsWith('.md5sums'))
    .map((n) => readFileSync(join(statusD, n), 'utf8').trimEnd() + '\n')
    .join('\n');
  mkdirSync(join(fake, 'info'));
  writeFileSync(join(fake, 'status'), text);
  return dpkgQuery(fake);
}

const PACKAGE_JSON = /(^|\/)node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/;

function referenceNpm(root: string, files: string[]): string[] {
  return files
    .map((p) => relative(root, p))
    .filter((p) => PACKAGE_JSON.test(p) && lstatSync(join(root, p)).isFile())
    .flatMap((p) => {
      let doc: { name?: unknown; version?: unknown };
      try {
        doc = JSON.parse(readFileSync(join(root, p), 'utf8'));
      } catch {
        return [];
      }
      return typeof doc.name === 'string' &&
        typeof doc.version === 'string' &&
        doc.name &&
        doc.version
        ? [`${p} ${doc.name} ${doc.version}`]
        : [];
    })
    .sort();
}

// What the comparisons covered, so a run that compared empty lists cannot pass.
const seen = { deb: 0, npm: 0, python: 0 };

const pyKey = (s: string) => s.toLowerCase().replace(/[-_.]+/g, '-');

function referencePython(root: string, files: string[]): string[] {
  return files
    .map((p) => relative(root, p))
    .filter((p) => /\.(dist|egg)-info$/.test(p))
    .map((p) =>
      p
        .split('/')
        .pop()!
        .replace(/\.(dist|egg)-info$/, '')
        .replace(/-py\d.*$/, ''),
    )
    .map(pyKey)
    .sort();
}

for (const ref of skip ? ['(skipped)'] : imageRefs()) {
  test(
    `${ref}: deb, npm and Python packages match independent tools on a tar-built rootfs`,
    { skip },
    async () => {
      const { image, catalog } = await catalogRef(ref);
      const digests = layersOf(ref);
      assert.deepEqual(
        image.manifest.layers.map((l) => l.digest),
        digests,
      );
      const root = referenceRootfs(work, ref, digests, ['']);
      const files = [...walk(root)];

      const debs = referenceDebs(root);
      assert.deepEqual(debLines(catalog.packages), debs);
      assert.ok(debs.length > 0, 'every fixture image has deb packages');

      const npm = catalog.packages
        .filter((p) => p.type === 'npm' && PACKAGE_JSON.test(p.locations[0]!.path))
        .map((p) => `${p.locations[0]!.path} ${p.name} ${p.version}`)
        .sort();
      assert.deepEqual(npm, referenceNpm(root, files));

      const python = catalog.packages
        .filter((p) => p.type === 'python')
        .map((p) => pyKey(`${p.name}-${p.version}`))
        .sort();
      assert.deepEqual(python, referencePython(root, files));
      seen.deb += debs.length;
      seen.npm += npm.length;
      seen.python += python.length;
    },
  );
}

test('the comparisons above covered deb, npm and Python packages', { skip }, () => {
  assert.ok(seen.deb > 100, `deb: ${seen.deb}`);
  assert.ok(seen.npm > 10, `npm: ${seen.npm}`);
  assert.ok(seen.python >= 2, `python: ${seen.python}`);
});

test(
  'a fixture image SBOM validates against the CycloneDX 1.6 and SPDX 2.3 schemas',
  { skip },
  async () => {
    const input = { reference: 'node-app', ...(await catalogRef('node-app')) };
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const cdx = imageSbom('cyclonedx-json', input, { env });
    const validCdx = cycloneDxValidator();
    assert.ok(validCdx(cdx), JSON.stringify(validCdx.errors?.slice(0, 5), null, 2));
    const spdx = imageSbom('spdx-json', input, { env });
    const validSpdx = spdxValidator();
    assert.ok(validSpdx(spdx), JSON.stringify(validSpdx.errors?.slice(0, 5), null, 2));
    // Every package the catalog found is in both documents.
    const purls = input.catalog.packages.map((p) => p.purl).sort();
    const cdxPurls = (cdx['components'] as { purl?: string }[]).flatMap((c) =>
      c.purl ? [c.purl] : [],
    );
    assert.deepEqual(cdxPurls.sort(), purls);
    const spdxPurls = (
      spdx['packages'] as { externalRefs?: { referenceLocator: string }[] }[]
    ).flatMap((p) =>
      (p.externalRefs ?? []).map((r) => r.referenceLocator).filter((l) => l.startsWith('pkg:')),
    );
    assert.deepEqual(spdxPurls.sort(), purls);
    assert.ok(purls.length > 100);
  },
);
