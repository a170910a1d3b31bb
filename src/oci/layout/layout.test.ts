import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { openOciLayout } from './index.ts';

const sha = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');

// A minimal hand-made layout: one config blob, one manifest named "app".
function makeLayout(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'sigil-layout-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (b: Buffer) => {
    writeFileSync(join(blobs, sha(b).slice(7)), b);
    return { digest: sha(b), size: b.length };
  };
  const config = Buffer.from('{"os":"linux","architecture":"amd64"}');
  const configDesc = { mediaType: 'application/vnd.oci.image.config.v1+json', ...put(config) };
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, config: configDesc, layers: [] }),
  );
  const manifestDesc = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    ...put(manifest),
  };
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const index = (manifests: unknown[]) =>
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
  index([{ ...manifestDesc, annotations: { 'org.opencontainers.image.ref.name': 'app' } }]);
  return { dir, blobs, config, configDesc, manifest, manifestDesc, index };
}

test('a single-image layout opens without a tag and serves verified blobs', async (t) => {
  const l = makeLayout(t);
  const src = await openOciLayout(l.dir);
  const m = await src.getManifest();
  assert.deepEqual(Buffer.from(m.bytes), l.manifest);
  assert.equal(m.mediaType, 'application/vnd.oci.image.manifest.v1+json');
  assert.deepEqual(await buffer(await src.fetchBlob(l.configDesc)), l.config);
  assert.deepEqual(await src.listTags(), ['app']);
});

test('damaged layouts fail with coded errors', async (t) => {
  const l = makeLayout(t);
  writeFileSync(
    join(l.blobs, l.configDesc.digest.slice(7)),
    '{"os":"linux","architecture":"arm64"}',
  );
  const src = await openOciLayout(l.dir, { tag: 'app' });
  await assert.rejects(buffer(await src.fetchBlob(l.configDesc)), { code: 'DIGEST_MISMATCH' });
  await assert.rejects(src.fetchBlob({ ...l.configDesc, digest: 'sha256:' + 'f'.repeat(64) }), {
    code: 'BLOB_UNKNOWN',
  });
  writeFileSync(join(l.blobs, l.manifestDesc.digest.slice(7)), '{}');
  await assert.rejects(src.getManifest(), { code: 'DIGEST_MISMATCH' });

  l.index([{ mediaType: 'x', digest: '../../etc/passwd', size: 1 }]);
  await assert.rejects(openOciLayout(l.dir), { code: 'LAYOUT_INVALID', message: /digest/ });
  writeFileSync(join(l.dir, 'index.json'), '{');
  await assert.rejects(openOciLayout(l.dir), { code: 'LAYOUT_INVALID' });
  writeFileSync(join(l.dir, 'oci-layout'), '{"imageLayoutVersion":"2.0.0"}');
  await assert.rejects(openOciLayout(l.dir), { code: 'LAYOUT_INVALID', message: /2\.0\.0/ });
  rmSync(join(l.dir, 'oci-layout'));
  await assert.rejects(openOciLayout(l.dir), { code: 'LAYOUT_INVALID', message: /oci-layout/ });
});
