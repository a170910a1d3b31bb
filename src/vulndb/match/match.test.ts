import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SigilEvent } from '../../core/index.ts';
import { importSources } from '../db/import.ts';
import { AdvisoryDb } from '../db/store.ts';
import {
  fixtureDb,
  RECORDS_DIR,
  REPO_ROOT,
  SUMMARY_CASES,
  tempDir,
} from '../db/test-support/fixtures.ts';
import { evaluateAffected } from '../osv/index.ts';
import { matchPackages } from './matcher.ts';
import type { MatchPackage } from './types.ts';

const DEBIAN_12 = { id: 'debian', versionId: '12' } as const;

interface Case {
  ecosystem: string;
  pkg: string;
  installed: string;
  id: string;
  expected: string;
  wording: string;
}

function answerKey(): Map<string, Case[]> {
  const groups = new Map<string, Case[]>();
  for (const line of readFileSync(SUMMARY_CASES, 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [ecosystem = '', pkg = '', installed = '', file = '', expected = '', wording = ''] =
      line.split('\t');
    const record = JSON.parse(readFileSync(path.join(RECORDS_DIR, file), 'utf8')) as { id: string };
    const key = `${ecosystem}\t${pkg}\t${installed}`;
    groups.set(key, [
      ...(groups.get(key) ?? []),
      { ecosystem, pkg, installed, id: record.id, expected, wording },
    ]);
  }
  return groups;
}

// How a cataloger would hand the answer key's package over: Debian ones as a binary package
// of the source the key names.
function asPackage(c: Case): MatchPackage {
  switch (c.ecosystem) {
    case 'Debian:12':
      return {
        name: `${c.pkg}-bin`,
        version: c.installed,
        type: 'deb',
        sourceName: c.pkg,
        sourceVersion: c.installed,
      };
    case 'npm':
      return {
        name: c.pkg,
        version: c.installed,
        type: 'npm',
        purl: `pkg:npm/${c.pkg}@${c.installed}`,
      };
    default:
      return {
        name: c.pkg,
        version: c.installed,
        type: 'pypi',
        purl: `pkg:pypi/${c.pkg}@${c.installed}`,
      };
  }
}

describe('matchPackages over the answer-keyed advisories', () => {
  let db: AdvisoryDb;
  let cleanup: () => void;
  before(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    db = fixtureDb(t.dir);
  });
  after(() => {
    db.close();
    cleanup();
  });

  it('reports exactly the advisories the answer key says affect each installed version', () => {
    const groups = answerKey();
    assert.ok(groups.size > 40);
    for (const cases of groups.values()) {
      const pkg = asPackage(cases[0]!);
      const { findings } = matchPackages(db, [pkg], { distro: DEBIAN_12 });
      const keyed = new Set(cases.map((c) => c.id));
      const reported = findings.map((f) => f.id).filter((id) => keyed.has(id));
      const expected = cases
        .filter((c) => c.expected === 'affected')
        .map((c) => c.id)
        .sort();
      assert.deepEqual(reported, expected, `${cases[0]!.ecosystem} ${pkg.name} ${pkg.version}`);
      for (const c of cases.filter((k) => k.expected === 'affected')) {
        const finding = findings.find((f) => f.id === c.id)!;
        const unfixed = c.wording.includes('no fix');
        assert.equal(finding.status, unfixed ? 'unfixed' : 'fixed', `${c.id} status`);
        assert.equal(finding.fixedVersions.length === 0, unfixed);
      }
    }
  });

  it('looks OS packages up by source name and source version', () => {
    const { findings } = matchPackages(
      db,
      [
        {
          name: 'libc6',
          version: '2.36-9+deb12u3',
          type: 'deb',
          sourceName: 'glibc',
          sourceVersion: '2.36-9+deb12u3',
        },
      ],
      { distro: DEBIAN_12 },
    );
    const dsa = findings.find((f) => f.id === 'DSA-5678-1');
    assert.ok(dsa, 'DSA-5678-1 (fixed in 2.36-9+deb12u7) applies to glibc 2.36-9+deb12u3');
    assert.deepEqual(dsa.fixedVersions, ['2.36-9+deb12u7']);
    assert.equal(dsa.package.name, 'libc6');
    assert.equal(dsa.package.matchedName, 'glibc');
    assert.equal(dsa.package.ecosystem, 'Debian:12');
    assert.ok(dsa.cves.includes('CVE-2024-33599'));
  });

  it('compares a binNMU binary by its source version', () => {
    const run = (version: string) =>
      matchPackages(db, [{ name: 'libc6', version, type: 'deb', sourceName: 'glibc' }], {
        distro: DEBIAN_12,
      }).findings;
    const before = run('2.36-9+deb12u3+b1').find((f) => f.id === 'DSA-5678-1');
    assert.equal(before?.package.matchedVersion, '2.36-9+deb12u3');
    assert.equal(
      run('2.36-9+deb12u7+b2').find((f) => f.id === 'DSA-5678-1'),
      undefined,
    );
  });

  it('orders Debian versions with their epoch', () => {
    const zlib = (version: string) =>
      matchPackages(db, [{ name: 'zlib1g', version, type: 'deb', sourceName: 'zlib' }], {
        distro: DEBIAN_12,
      }).findings.map((f) => f.id);
    // Fixed in 1:1.3.dfsg-2: without the epoch 1.4 would look newer than the fix.
    assert.ok(zlib('1:1.2.13.dfsg-1').includes('DEBIAN-CVE-2023-45853'));
    assert.ok(!zlib('1:1.3.dfsg-2').includes('DEBIAN-CVE-2023-45853'));
    assert.ok(!zlib('2:1.0-1').includes('DEBIAN-CVE-2023-45853'));
    assert.ok(zlib('1.4-1').includes('DEBIAN-CVE-2023-45853'));
  });

  it('does not match Debian advisories without a Debian distro', () => {
    const r = matchPackages(db, [
      { name: 'zlib1g', version: '1:1.2.13.dfsg-1', type: 'deb', sourceName: 'zlib' },
    ]);
    assert.equal(r.findings.length, 0);
    assert.equal(r.unmatched[0]?.reason, 'ecosystem-unknown');
    const other = matchPackages(
      db,
      [{ name: 'zlib1g', version: '1:1.2.13.dfsg-1', type: 'deb', sourceName: 'zlib' }],
      {
        distro: { id: 'debian', versionId: '11' },
      },
    );
    assert.equal(other.findings.length, 0, 'Debian:12 advisories do not apply to Debian 11');
  });

  it('honours last_affected', () => {
    const ids = (version: string) =>
      matchPackages(db, [{ name: 'lodash.unset', version, type: 'npm' }]).findings.map((f) => f.id);
    assert.ok(ids('4.5.2').includes('GHSA-xxjr-mmjv-4gpg'));
    assert.ok(!ids('4.5.3').includes('GHSA-xxjr-mmjv-4gpg'));
  });

  it('never reports a withdrawn advisory, even when its range contains the version', () => {
    const withdrawn = JSON.parse(
      readFileSync(path.join(RECORDS_DIR, 'npm', 'GHSA-rm8p-cx58-hcvx.json'), 'utf8'),
    ) as {
      affected: unknown[];
    };
    assert.equal(evaluateAffected(withdrawn.affected[0], '1.10.0').affected, true);
    const ids = matchPackages(db, [{ name: 'axios', version: '1.10.0', type: 'npm' }]).findings.map(
      (f) => f.id,
    );
    assert.ok(!ids.includes('GHSA-rm8p-cx58-hcvx'));
    assert.ok(ids.length > 0, 'other axios advisories still apply to 1.10.0');
  });

  it('normalises PyPI names (PEP 503) and reads severity from the advisory', () => {
    const a = matchPackages(db, [{ name: 'URLLib3', version: '1.26.12', type: 'pypi' }]).findings;
    const b = matchPackages(db, [{ name: 'urllib3', version: '1.26.12', type: 'pypi' }]).findings;
    assert.ok(a.length > 0);
    assert.deepEqual(
      a.map((f) => f.id),
      b.map((f) => f.id),
    );
    for (const f of a) {
      assert.notEqual(f.severity, 'UNKNOWN', `${f.id} has a CVSS vector or a GitHub rating`);
      if (f.score !== undefined) assert.ok(f.vectors.length > 0);
    }
  });

  it('returns findings in a deterministic order and carries package details', () => {
    const pkgs: MatchPackage[] = [
      {
        name: 'axios',
        version: '0.21.0',
        type: 'npm',
        purl: 'pkg:npm/axios@0.21.0',
        locations: ['/app/package-lock.json'],
      },
      { name: 'libc6', version: '2.36-9+deb12u3', type: 'deb', sourceName: 'glibc' },
    ];
    const one = matchPackages(db, pkgs, { distro: DEBIAN_12 }).findings;
    const two = matchPackages(db, [...pkgs].reverse(), { distro: DEBIAN_12 }).findings;
    assert.deepEqual(one, two);
    const keys = one.map((f) => `${f.package.name}\u0000${f.id}`);
    assert.deepEqual(keys, [...keys].sort());
    const axios = one.find((f) => f.package.name === 'axios')!;
    assert.deepEqual(axios.locations, ['/app/package-lock.json']);
    assert.equal(axios.package.purl, 'pkg:npm/axios@0.21.0');
    assert.ok(axios.references.length > 0);
  });

  it('reports packages it cannot look up instead of failing', () => {
    const events: SigilEvent[] = [];
    const r = matchPackages(
      db,
      [
        { name: 'thing', version: '1.0', type: 'unknown-kind' },
        { name: 'axios', version: '', type: 'npm' },
        { name: 'axios', version: 'not a version', type: 'npm' },
      ],
      { events: (e) => events.push(e) },
    );
    assert.deepEqual(
      r.unmatched.map((u) => u.reason),
      ['ecosystem-unknown', 'version-missing'],
    );
    assert.equal(r.findings.length, 0);
    assert.ok(events.some((e) => e.kind === 'warning' && e.code === 'MATCH_VERSION_INVALID'));
  });
});

describe('matchPackages over the shared osv.dev test records', () => {
  const shared = process.env['SIGIL_SHARED_DIR'] ?? path.resolve(REPO_ROOT, '..', 'shared');
  const vuln = path.join(shared, 'fixtures', 'vuln');
  const present = existsSync(vuln);
  let db: AdvisoryDb;
  let cleanup: () => void = () => {};
  const warnings: SigilEvent[] = [];
  before(() => {
    if (!present) return;
    const t = tempDir();
    cleanup = t.cleanup;
    db = AdvisoryDb.open(path.join(t.dir, 'db.sqlite'), { create: true });
    importSources(db, [vuln], { events: (e) => warnings.push(e) });
  });
  after(() => {
    if (present) db.close();
    cleanup();
  });

  it(
    'imports the OSV records among hundreds of other JSON files without failing',
    { skip: !present },
    () => {
      assert.ok(db.totals().records >= 50);
      assert.ok(
        warnings.filter((e) => e.kind === 'warning').length > 100,
        'non-OSV files are reported',
      );
    },
  );

  it('matches Alpine packages by origin within their release', { skip: !present }, () => {
    const ids = (versionId: string, version: string) =>
      matchPackages(db, [{ name: 'mariadb-client', version, type: 'apk', sourceName: 'mariadb' }], {
        distro: { id: 'alpine', versionId },
      }).findings.map((f) => [f.id, f.fixedVersions.join(',')]);
    assert.deepEqual(ids('3.15.4', '10.6.7-r0'), [['CVE-2022-27449', '10.6.8-r0']]);
    assert.deepEqual(ids('3.15.4', '10.6.8-r0'), []);
    assert.deepEqual(ids('3.13.12', '10.5.15-r1'), [['CVE-2022-27449', '10.5.16-r0']]);
    assert.deepEqual(ids('3.13.12', '10.6.7-r0'), [], 'Alpine 3.13 has its own fixed version');
  });

  it('matches an open Ubuntu range as unfixed', { skip: !present }, () => {
    const { findings } = matchPackages(db, [
      {
        name: 'linux-image-3.13.0-100-generic',
        version: '3.13.0-100.147',
        type: 'deb',
        sourceName: 'linux',
        ecosystem: 'Ubuntu:Pro:14.04:LTS',
      },
    ]);
    assert.deepEqual(
      findings.map((f) => [f.id, f.status]),
      [['UBUNTU-CVE-2025-38094', 'unfixed']],
    );
  });
});
