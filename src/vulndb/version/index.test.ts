import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparatorFor, compareVersions, isValidVersion } from './index.ts';

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
