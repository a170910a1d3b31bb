import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPurl } from './package.ts';

// Cases from the purl spec's test-suite-data.json (package-url/purl-spec): input components
// and the canonical purl the spec expects.
test('purls match the purl spec test suite', () => {
  const cases: [Parameters<typeof buildPurl>[0], string][] = [
    [
      {
        type: 'deb',
        name: 'curl',
        version: '7.50.3-1',
        arch: 'i386',
        qualifiers: { distro: 'jessie' },
      },
      'pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie',
    ],
    [
      {
        type: 'rpm',
        name: 'curl',
        version: '7.50.3-1.fc25',
        arch: 'i386',
        distro: { id: 'fedora', versionId: '25' },
      },
      'pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25',
    ],
    [
      { type: 'npm', namespace: '@angular', name: 'animation', version: '12.3.1' },
      'pkg:npm/%40angular/animation@12.3.1',
    ],
    [
      { type: 'python', name: 'Django_package', version: '1.11.1.dev1' },
      'pkg:pypi/django-package@1.11.1.dev1',
    ],
    [
      { type: 'dotnet', name: 'EnterpriseLibrary.Common', version: '6.0.1304' },
      'pkg:nuget/EnterpriseLibrary.Common@6.0.1304',
    ],
    [
      { type: 'java-archive', namespace: 'HTTPClient', name: 'HTTPClient', version: '0.3-3' },
      'pkg:maven/HTTPClient/HTTPClient@0.3-3',
    ],
    [
      { type: 'gem', name: 'jruby-launcher', version: '1.1.2', qualifiers: { platform: 'java' } },
      'pkg:gem/jruby-launcher@1.1.2?platform=java',
    ],
  ];
  for (const [input, want] of cases) assert.equal(buildPurl(input), want);
});

test('OS purls take namespace and distro from the detected OS, and the epoch as a qualifier', () => {
  assert.equal(
    buildPurl({
      type: 'deb',
      name: 'bash',
      version: '5.2.15-2',
      arch: 'amd64',
      distro: { id: 'debian', versionId: '12' },
    }),
    'pkg:deb/debian/bash@5.2.15-2?arch=amd64&distro=debian-12',
  );
  assert.equal(
    buildPurl({
      type: 'rpm',
      name: 'bash',
      version: '5.1-2.el9',
      arch: 'x86_64',
      epoch: 1,
      distro: { id: 'rhel', versionId: '9.3' },
    }),
    'pkg:rpm/rhel/bash@5.1-2.el9?arch=x86_64&distro=rhel-9.3&epoch=1',
  );
  assert.equal(
    buildPurl({
      type: 'apk',
      name: 'musl',
      version: '1.2.4-r0',
      arch: 'x86_64',
      distro: { id: 'alpine', versionId: '3.18.0' },
    }),
    'pkg:apk/alpine/musl@1.2.4-r0?arch=x86_64&distro=alpine-3.18.0',
  );
  assert.equal(
    buildPurl({ type: 'deb', name: 'x', version: '1:2.0-1' }),
    'pkg:deb/debian/x@1:2.0-1',
  );
});
