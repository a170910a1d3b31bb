import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFilters, parseIgnoreFile, parseOpenVex, purlMatches, ScanError } from './index.ts';
import type { ScanFinding } from './index.ts';

function finding(id: string, purl: string, extra: Partial<ScanFinding> = {}): ScanFinding {
  return {
    id,
    aliases: [],
    cves: id.startsWith('CVE-') ? [id] : [],
    summary: undefined,
    severity: 'HIGH',
    score: undefined,
    vectors: [],
    package: {
      name: purl.replace(/^pkg:[^/]+\/(.*)@.*$/, '$1'),
      version: purl.replace(/^.*@/, ''),
      type: 'npm',
      purl,
      sourceName: undefined,
      sourceVersion: undefined,
      ecosystem: 'npm',
    },
    fixedVersions: ['9.9.9'],
    status: 'fixed',
    locations: [],
    references: [],
    ...extra,
  };
}

const A = finding('GHSA-aaaa', 'pkg:npm/lodash@4.17.15', { cves: ['CVE-2020-8203'] });
const B = finding('GHSA-bbbb', 'pkg:npm/axios@0.21.0', { status: 'unfixed', fixedVersions: [] });
const ids = (fs: readonly ScanFinding[]) => fs.map((f) => f.id);

describe('ignore file', () => {
  test('text: ids, purls, expiry and reasons; YAML after leading comments', () => {
    const text = parseIgnoreFile(
      '# team list\nCVE-2020-8203 expires=2026-06-30 # reviewed\n\npkg:npm/axios\n',
    );
    assert.equal(text.length, 2);
    assert.equal(text[0]?.reason, 'reviewed');
    assert.equal(text[1]?.purl, 'pkg:npm/axios');
    const yaml = parseIgnoreFile(
      '# team list\n- id: CVE-2020-8203\n  expires: 2026-06-30\n- pkg:npm/axios\n',
    );
    assert.deepEqual(
      yaml.map((e) => e.id ?? e.purl),
      ['CVE-2020-8203', 'pkg:npm/axios'],
    );
  });

  test('a date-only expiry applies through that day (UTC), then warns and stops', () => {
    const entries = parseIgnoreFile('CVE-2020-8203 expires=2026-06-30');
    const warnings: string[] = [];
    const events = (e: { kind: string; code?: string }) =>
      void (e.kind === 'warning' && warnings.push(e.code ?? ''));
    assert.deepEqual(
      ids(applyFilters([A, B], { ignore: entries, now: new Date('2026-06-30T23:59:59Z'), events })),
      ['GHSA-bbbb'],
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      ids(applyFilters([A, B], { ignore: entries, now: new Date('2026-07-01T00:00:00Z'), events })),
      ['GHSA-aaaa', 'GHSA-bbbb'],
    );
    assert.deepEqual(warnings, ['IGNORE_EXPIRED']);
  });

  test('malformed files are IGNORE_FILE_INVALID', () => {
    for (const bad of ['CVE-1 expires=soon', '- {}\n', '- id: [1]\n', 'ignore:\n  x: 1\n']) {
      assert.throws(
        () => parseIgnoreFile(bad),
        (e: unknown) => e instanceof ScanError && e.code === 'IGNORE_FILE_INVALID',
        bad,
      );
    }
  });
});

describe('filters', () => {
  test('--ignore-unfixed and --severity drop; suppressed ones are kept marked only when asked', () => {
    assert.deepEqual(ids(applyFilters([A, B], { ignoreUnfixed: true })), ['GHSA-aaaa']);
    assert.deepEqual(ids(applyFilters([A, B], { severities: ['CRITICAL'] })), []);
    const shown = applyFilters([A, B], {
      ignore: [{ id: 'GHSA-bbbb', reason: 'dev only' }],
      showSuppressed: true,
    });
    assert.deepEqual(
      shown.map((f) => f.suppressed?.reason),
      [undefined, 'dev only'],
    );
  });

  test('purl patterns without a version match every version; qualifiers are ignored', () => {
    assert.ok(purlMatches('pkg:npm/lodash', 'pkg:npm/lodash@4.17.15'));
    assert.ok(
      purlMatches(
        'pkg:deb/debian/libc6@2.36?arch=amd64',
        'pkg:deb/debian/libc6@2.36?arch=amd64&distro=debian-12',
      ),
    );
    assert.ok(!purlMatches('pkg:npm/lodash@4.17.21', 'pkg:npm/lodash@4.17.15'));
    assert.ok(!purlMatches('pkg:npm/lodash', 'pkg:npm/lodash.merge@4.6.2'));
  });
});

describe('OpenVEX', () => {
  const vex = (statements: unknown[]) =>
    parseOpenVex(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        '@id': 'urn:vex:1',
        statements,
      }),
    );

  test('not_affected and fixed suppress the (vulnerability, product) pair; affected does not', () => {
    const st = vex([
      {
        vulnerability: { name: 'CVE-2020-8203' },
        products: [{ '@id': 'pkg:npm/lodash@4.17.15' }],
        status: 'not_affected',
      },
      {
        vulnerability: { name: 'GHSA-bbbb' },
        products: [{ '@id': 'pkg:npm/axios@0.21.0' }],
        status: 'affected',
      },
    ]);
    const out = applyFilters([A, B], { vex: st, showSuppressed: true });
    assert.deepEqual(
      out.map((f) => f.suppressed?.source),
      ['urn:vex:1', undefined],
    );
  });

  test('an image product applies through its subcomponents only', () => {
    const st = vex([
      {
        vulnerability: { name: 'GHSA-bbbb' },
        products: [{ '@id': 'oci:img', subcomponents: [{ '@id': 'pkg:npm/lodash' }] }],
        status: 'fixed',
      },
      {
        vulnerability: { name: 'GHSA-aaaa' },
        products: [{ '@id': 'oci:img', subcomponents: [{ '@id': 'pkg:npm/lodash' }] }],
        status: 'fixed',
      },
    ]);
    assert.deepEqual(ids(applyFilters([A, B], { vex: st, imageIds: ['oci:img'] })), ['GHSA-bbbb']);
  });

  test('not OpenVEX, or a statement without vulnerability, is VEX_INVALID', () => {
    assert.throws(() => parseOpenVex('{"statements":[]}'), /VEX|OpenVEX/);
    assert.throws(
      () => vex([{ status: 'fixed', products: [] }]),
      (e: unknown) => e instanceof ScanError && e.code === 'VEX_INVALID',
    );
  });
});
