import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distroEcosystems, planQuery, stripBinNmu } from './query.ts';

describe('planQuery', () => {
  it('maps OS packages to their source package in the release ecosystem', () => {
    assert.deepEqual(
      planQuery(
        { name: 'libssl3', version: '3.0.15-1~deb12u1+b1', type: 'deb', sourceName: 'openssl' },
        { id: 'debian', versionId: '12' },
      ),
      {
        ecosystems: ['Debian:12', 'Debian'],
        prefixes: [],
        names: ['openssl'],
        version: '3.0.15-1~deb12u1',
      },
    );
    assert.deepEqual(
      planQuery(
        { name: 'libcrypto3', version: '3.1.4-r5', type: 'apk', sourceName: 'openssl' },
        { id: 'alpine', versionId: '3.19.1' },
      ),
      {
        ecosystems: ['Alpine:v3.19', 'Alpine'],
        prefixes: [],
        names: ['openssl'],
        version: '3.1.4-r5',
      },
    );
    assert.deepEqual(
      planQuery(
        {
          name: 'openssl-libs',
          version: '1:3.0.7-27.el9',
          type: 'rpm',
          sourceName: 'openssl',
          sourceVersion: '1:3.0.7-27.el9',
        },
        { id: 'rocky', versionId: '9.3' },
      )?.names,
      ['openssl', 'openssl-libs'],
    );
    assert.equal(planQuery({ name: 'x', version: '1', type: 'deb' }, undefined), undefined);
    assert.equal(planQuery({ name: 'x', version: '1', type: 'deb' }, { id: 'gentoo' }), undefined);
  });

  it('knows the distro ecosystems', () => {
    assert.deepEqual(distroEcosystems({ id: 'ubuntu', versionId: '22.04' })?.ecosystems, [
      'Ubuntu:22.04',
      'Ubuntu:22.04:LTS',
      'Ubuntu',
    ]);
    assert.deepEqual(distroEcosystems({ id: 'rhel', versionId: '9.4' })?.prefixes, [
      'Red Hat:enterprise_linux:9:',
    ]);
    assert.deepEqual(distroEcosystems({ id: 'almalinux', versionId: '8.10' })?.ecosystems, [
      'AlmaLinux:8',
      'AlmaLinux',
    ]);
  });

  it('names language packages as OSV does', () => {
    const name = (p: Parameters<typeof planQuery>[0]) => planQuery(p, undefined)?.names[0];
    assert.equal(
      name({
        name: 'log4j-core',
        version: '2.14.1',
        type: 'maven',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      }),
      'org.apache.logging.log4j:log4j-core',
    );
    assert.equal(
      name({ name: 'core', version: '7.0.0', type: 'npm', purl: 'pkg:npm/%40angular/core@7.0.0' }),
      '@angular/core',
    );
    assert.equal(
      name({
        name: 'net',
        version: 'v0.1.0',
        type: 'golang',
        purl: 'pkg:golang/golang.org/x/net@v0.1.0',
      }),
      'golang.org/x/net',
    );
    assert.equal(
      name({ name: 'Django_REST.framework', version: '3.0', type: 'pypi' }),
      'django-rest-framework',
    );
    assert.equal(
      planQuery(
        { name: 'rails', version: '7.0.0', type: 'x', purl: 'pkg:gem/rails@7.0.0' },
        undefined,
      )?.ecosystems[0],
      'RubyGems',
    );
    assert.deepEqual(
      planQuery({ name: 'a', version: '1', type: 'npm', ecosystem: 'npm' }, undefined)?.ecosystems,
      ['npm'],
    );
  });

  it('strips only a trailing binNMU suffix', () => {
    assert.equal(stripBinNmu('2.36-9+deb12u4+b2'), '2.36-9+deb12u4');
    assert.equal(stripBinNmu('1.0+dfsg-1'), '1.0+dfsg-1');
    assert.equal(stripBinNmu('1.0+b1-1'), '1.0+b1-1');
  });
});
