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
