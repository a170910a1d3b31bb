// The README's Quick start main job: `bin/sigil demo` on the bundled sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { run } from '../helpers/interop.ts';

const BIN = fileURLToPath(new URL('../../bin/sigil', import.meta.url));

test('bin/sigil demo inspects, copies, catalogs, signs and verifies the bundled sample', async () => {
  const r = await run(BIN, ['demo']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /digest +sha256:94fb991a25fb213ab147190f2786881b714109b405f09ceef80299a58a163c7d/,
  );
  assert.match(r.stdout, /ok +oci:.*:sample/);
  assert.match(r.stdout, /ok +docker-archive:/);
  assert.match(
    r.stdout,
    /signed +sha256:94fb991a25fb213ab147190f2786881b714109b405f09ceef80299a58a163c7d/,
  );
  assert.match(r.stdout, /ok +verified with the public key/);
  assert.match(r.stdout, /ok +rejected with another key/);
  // The SBOM summary: the sample is Debian 12 with 4 deb packages and nothing else.
  assert.match(r.stdout, /os +Debian GNU\/Linux 12 \(bookworm\)/);
  assert.match(r.stdout, /packages +4\n +deb +4\n/);
  assert.match(r.stdout, /All checks passed\./);
});

// Expected by reading samples/advisories against the sample's source packages (glibc
// 2.36-9+deb12u14, zlib 1:1.2.13.dfsg-1; samples/PROVENANCE.md): glibc's DEBIAN-CVE-2025-0395
// is open and DEBIAN-CVE-2025-4802 is fixed only in 2.39-4; zlib's DEBIAN-CVE-2023-45853 is
// fixed in 1:1.3.dfsg-2. DSA-5611-1 and DSA-5678-1 were fixed in deb12u4/u7, before u14; the
// other records concern packages the sample does not have.
test('bin/sigil demo scans the sample against the bundled advisories', async () => {
  const r = await run(BIN, ['demo']);
  assert.equal(r.code, 0, r.stderr);
  const scan = r.stdout.slice(r.stdout.indexOf('. scan'));
  assert.match(scan, /scan \(against 8 bundled advisories, offline\)/);
  assert.match(scan, /3 finding\(s\) in 4 packages/);
  assert.match(scan, /CRITICAL 0, HIGH 0, MEDIUM 0, LOW 0, NONE 0, UNKNOWN 3/);
  const ids = [...scan.matchAll(/^ +UNKNOWN +(\S+) +(\S+) /gm)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(ids.sort(), [
    'DEBIAN-CVE-2023-45853 zlib1g',
    'DEBIAN-CVE-2025-0395 libc6',
    'DEBIAN-CVE-2025-4802 libc6',
  ]);
});
