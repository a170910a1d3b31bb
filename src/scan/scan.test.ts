import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { openImageSource } from '../oci/index.ts';
import { sharedImageLayout } from '../oci/testing/shared-fixtures.ts';
import { catalogImage, type Package } from '../sbom/index.ts';
import { AdvisoryDb } from '../vulndb/index.ts';
import { fixtureDb, SUMMARY_CASES, tempDir } from '../vulndb/db/test-support/fixtures.ts';
import { scanPackages } from './index.ts';

// The answer key (hand-written from the records, see src/vulndb/osv/fixtures/PROVENANCE.md):
// one row per (ecosystem, package, installed version, record) with `affected`,
// `not-affected` or `withdrawn`. Sigil must report exactly the `affected` rows whose package
// and version the image has installed (source package and version for Debian), and nothing
// the key does not mark affected.
interface KeyRow {
  readonly ecosystem: string;
  readonly pkg: string;
  readonly installed: string;
  readonly id: string;
  readonly expected: string;
}

const KEY: KeyRow[] = readFileSync(SUMMARY_CASES, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  .map((l) => {
    const [ecosystem = '', pkg = '', installed = '', record = '', expected = ''] = l.split('\t');
    const id = record.replace(/^.*\//, '').replace(/\.json$/, '');
    return { ecosystem, pkg, installed, id, expected };
  });

const ECOSYSTEM_OF: Record<string, string> = { deb: 'Debian:12', npm: 'npm', python: 'PyPI' };

// The key names the source package for Debian; PyPI names compare in PEP 503 normal form.
function keyOf(ecosystem: string, name: string, version: string): string {
  const n = ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
  return `${ecosystem}|${n}|${version}`;
}

function installedKeys(packages: readonly Package[]): Set<string> {
  const out = new Set<string>();
  for (const p of packages) {
    const eco = ECOSYSTEM_OF[p.type];
    if (eco === undefined) continue;
    if (p.type === 'deb') {
      const v = (p.sourceVersion ?? p.version).replace(/\+b\d+$/, '');
      out.add(keyOf(eco, p.sourceName ?? p.name, v));
    } else out.add(keyOf(eco, p.name, p.version));
  }
  return out;
}

const layout = sharedImageLayout();

describe(
  'scan over the fixture images and the answer-keyed advisories',
  { skip: layout === undefined && 'shared fixture images absent' },
  () => {
    const tmp = tempDir();
    let db: AdvisoryDb;
    before(() => {
      db = fixtureDb(tmp.dir);
    });
    after(() => {
      db.close();
      tmp.cleanup();
    });

    for (const image of ['node-app', 'python-app', 'debian-bookworm']) {
      test(`${image}: exactly the advisories whose ranges contain the installed version`, async () => {
        const src = await openImageSource(`oci:${layout}:${image}`);
        const { catalog } = await catalogImage(src).finally(() => src.close());
        const installed = installedKeys(catalog.packages);
        const keyed = new Map<string, string>();
        for (const r of KEY)
          keyed.set(`${keyOf(r.ecosystem, r.pkg, r.installed)}|${r.id}`, r.expected);
        const expected = new Set(
          [...keyed]
            .filter(([k, v]) => v === 'affected' && installed.has(k.slice(0, k.lastIndexOf('|'))))
            .map(([k]) => k),
        );
        assert.ok(expected.size > 0, 'the key marks some advisory affected for this image');

        const result = scanPackages(db, catalog.packages, catalog.os);
        const reported = new Set(
          result.findings.map((f) => {
            const p = f.package;
            const deb = p.type === 'deb';
            const name = deb ? (p.sourceName ?? p.name) : p.name;
            const version = deb ? (p.sourceVersion ?? p.version).replace(/\+b\d+$/, '') : p.version;
            return `${keyOf(p.ecosystem.startsWith('Debian') ? 'Debian:12' : p.ecosystem, name, version)}|${f.id}`;
          }),
        );
        const missing = [...expected].filter((k) => !reported.has(k));
        const extra = [...reported].filter((k) => !expected.has(k));
        assert.deepEqual(missing, [], 'advisories the key marks affected but Sigil missed');
        assert.deepEqual(
          extra.map((k) => `${k} (key: ${keyed.get(k) ?? 'no row'})`),
          [],
          'advisories Sigil reported that the key does not mark affected',
        );
        for (const f of result.findings) {
          assert.ok(
            f.locations.length > 0 && f.locations.every((l) => l.layer?.startsWith('sha256:')),
            `${f.id} has layer and path`,
          );
          assert.equal(f.status, f.fixedVersions.length > 0 ? 'fixed' : 'unfixed');
        }
      });
    }
  },
);
