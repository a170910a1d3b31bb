import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openOciLayout } from './layout/index.ts';
import { parsePlatform } from './platform.ts';
import { resolveImage } from './resolve.ts';
import { sharedImageLayout } from './testing/shared-fixtures.ts';

const layout = sharedImageLayout();
const skip =
  layout === undefined ? 'shared fixture images not found (set SIGIL_SHARED_DIR)' : false;

interface Entry {
  digest: string;
  mediaType: string;
  annotations: Record<string, string>;
}
const entries = (): Entry[] =>
  (JSON.parse(readFileSync(join(layout!, 'index.json'), 'utf8')) as { manifests: Entry[] })
    .manifests;
const blobJson = (digest: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(layout!, 'blobs', 'sha256', digest.slice(7)), 'utf8')) as Record<
    string,
    unknown
  >;
const entry = (name: string) =>
  entries().find((e) => e.annotations['org.opencontainers.image.ref.name'] === name)!;

for (const name of ['debian-bookworm', 'node-app', 'python-app', 'distroless']) {
  test(`resolves ${name} from the fixture layout`, { skip }, async () => {
    const img = await resolveImage(await openOciLayout(layout!, { tag: name }));
    const stored = blobJson(entry(name).digest) as {
      config: { digest: string };
      layers: unknown[];
    };
    assert.equal(img.digest, entry(name).digest);
    assert.equal(img.manifestDigest, img.digest);
    assert.equal(img.index, undefined);
    assert.equal(img.configDigest, stored.config.digest);
    assert.equal(img.manifest.layers.length, stored.layers.length);
    assert.equal(img.config.rootfs?.diff_ids.length, stored.layers.length);
    assert.deepEqual(img.platform, { os: 'linux', architecture: 'amd64' });
  });
}

test('resolves the multiarch index to the wanted platform', { skip }, async () => {
  const index = blobJson(entry('multiarch').digest) as {
    manifests: { digest: string; platform: { architecture: string } }[];
  };
  const child = (arch: string) =>
    index.manifests.find((m) => m.platform.architecture === arch)!.digest;
  const src = await openOciLayout(layout!, { tag: 'multiarch' });
  const amd = await resolveImage(src);
  assert.equal(amd.digest, entry('multiarch').digest);
  assert.equal(amd.index?.manifests.length, 2);
  assert.equal(amd.manifestDigest, child('amd64'));
  assert.equal(amd.config.architecture, 'amd64');
  const arm = await resolveImage(src, { platform: parsePlatform('linux/arm64/v8') });
  assert.equal(arm.manifestDigest, child('arm64'));
  assert.equal(arm.config.architecture, 'arm64');
  // A child named by digest alone (not in index.json) is found among the blobs.
  const byDigest = await resolveImage(await openOciLayout(layout!, { digest: child('arm64') }));
  assert.equal(byDigest.digest, child('arm64'));
  assert.equal(byDigest.platform.architecture, 'arm64');
  await assert.rejects(resolveImage(src, { platform: parsePlatform('linux/s390x') }), {
    code: 'PLATFORM_NOT_FOUND',
    message: /linux\/s390x.*linux\/amd64, linux\/arm64/,
  });
});

test('a layout with several images needs a name; unknown names are listed', { skip }, async () => {
  await assert.rejects(openOciLayout(layout!), {
    code: 'MANIFEST_UNKNOWN',
    message: /holds 5 images/,
  });
  await assert.rejects(openOciLayout(layout!, { tag: 'nope' }), {
    code: 'MANIFEST_UNKNOWN',
    message: /debian-bookworm/,
  });
  const src = await openOciLayout(layout!, { digest: entry('distroless').digest });
  assert.equal((await resolveImage(src)).digest, entry('distroless').digest);
  assert.deepEqual((await src.listTags()).sort(), [
    'debian-bookworm',
    'distroless',
    'multiarch',
    'node-app',
    'python-app',
  ]);
});
