import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPARATORS, comparatorFor, compareVersions, isValidVersion } from './index.ts';

describe('comparatorFor', () => {
  const cases: [string, string][] = [
    ['Debian', 'dpkg'],
    ['Debian:12', 'dpkg'],
    ['Ubuntu:22.04:LTS', 'dpkg'],
    ['Ubuntu:Pro:18.04:LTS', 'dpkg'],
    ['Alpine:v3.18', 'apk'],
    ['Wolfi', 'apk'],
    ['Red Hat:enterprise_linux:9::appstream', 'rpm'],
    ['Rocky Linux:8', 'rpm'],
    ['AlmaLinux:9', 'rpm'],
    ['openSUSE:Leap 15.5', 'rpm'],
    ['SUSE:Linux Enterprise Server 15 SP5', 'rpm'],
    ['npm', 'npm'],
    ['PyPI', 'pep440'],
    ['Go', 'go'],
    ['Maven', 'maven'],
    ['Maven:https://maven.google.com', 'maven'],
    ['RubyGems', 'rubygems'],
    ['NuGet', 'nuget'],
    ['Packagist:https://packages.drupal.org/8', 'packagist'],
    ['crates.io', 'crates'],
    ['Root:Alpine:3.18', 'apk'],
    ['Root:PyPI', 'pep440'],
  ];
  for (const [eco, name] of cases) {
    it(`${eco} → ${name}`, () => assert.equal(comparatorFor(eco).name, name));
  }

  it('rejects unknown ecosystems with ECOSYSTEM_UNKNOWN', () => {
    for (const eco of ['Haskell', 'debian', '', 'Root', ':12', 'x'.repeat(10_000)]) {
      assert.throws(() => comparatorFor(eco), { code: 'ECOSYSTEM_UNKNOWN' }, eco.slice(0, 20));
    }
    assert.throws(() => comparatorFor(undefined as unknown as string), {
      code: 'ECOSYSTEM_UNKNOWN',
    });
  });
});

describe('ecosystem list', () => {
  it('maps every ecosystem name to exactly one ordering', () => {
    const names = COMPARATORS.flatMap((c) => c.ecosystems);
    assert.equal(new Set(names).size, names.length);
  });
});

describe('Go module versions', () => {
  const go = (a: string, b: string): number => compareVersions('Go', a, b);
  it('orders pseudo-versions as pre-releases of the next version', () => {
    assert.equal(
      go('v0.0.0-20191109021931-daa7c04131f5', 'v0.0.0-20200101000000-abcdefabcdef'),
      -1,
    );
    assert.equal(go('v1.2.3', 'v1.2.4-0.20191109021931-daa7c04131f5'), -1);
    assert.equal(go('v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.4'), -1);
    assert.equal(go('v1.2.4-pre.0.20191109021931-daa7c04131f5', 'v1.2.4-pre'), 1);
  });
  it('ignores +incompatible and accepts OSV versions without the v', () => {
    assert.equal(go('v2.0.0+incompatible', '2.0.0'), 0);
    assert.equal(go('v2.1.0+incompatible', 'v2.0.0+incompatible'), 1);
    assert.equal(go('1.10.0', '1.9.0'), 1);
  });
  it('rejects what is not a module version', () => {
    assert.equal(isValidVersion('Go', 'master'), false);
    assert.equal(isValidVersion('Go', 'v1.2.3+'), false);
  });
});

describe('compareVersions', () => {
  it('uses the ecosystem ordering', () => {
    // The same two strings order differently in different ecosystems.
    assert.equal(compareVersions('Debian:12', '1.0~rc1', '1.0'), -1);
    assert.equal(compareVersions('Red Hat', '1.0~rc1', '1.0'), -1);
    assert.equal(compareVersions('PyPI', '1.0.dev1', '1.0a1'), -1);
    assert.equal(compareVersions('npm', '1.0.0-alpha', '1.0.0'), -1);
    assert.equal(compareVersions('Maven', '1.0-SNAPSHOT', '1.0'), -1);
    assert.equal(compareVersions('Maven', '1.0-sp', '1.0'), 1);
    assert.equal(compareVersions('Alpine:v3.18', '1.0_p1', '1.0'), 1);
    assert.equal(compareVersions('Debian', '1:1.0', '2.0'), 1);
    assert.equal(compareVersions('Debian', '1.0+b1', '1.0'), 1);
    assert.equal(compareVersions('PyPI', '2017.11.05', '2017.11.5'), 0);
    assert.equal(compareVersions('NuGet', '1.0.0-BETA', '1.0.0-beta'), 0);
    assert.equal(compareVersions('Go', 'v0.0.0-20191109021931-daa7c04131f5', 'v0.0.1'), -1);
    assert.equal(compareVersions('Go', 'v2.0.0+incompatible', 'v2.0.0'), 0);
  });

  it('throws VERSION_INVALID for versions outside the grammar', () => {
    assert.throws(() => compareVersions('npm', 'not-a-version', '1.0.0'), {
      code: 'VERSION_INVALID',
    });
    assert.throws(() => compareVersions('Debian', '1.0', 'a:1.0'), { code: 'VERSION_INVALID' });
    assert.throws(() => compareVersions('Debian', '1.0-', '1.0'), { code: 'VERSION_INVALID' });
    assert.equal(isValidVersion('NuGet', '1.2.3.4.5'), false);
    assert.equal(isValidVersion('NuGet', '1.2.3.4'), true);
  });
});
