import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SigilEvent } from '../core/index.ts';
import { copyImage } from './copy.ts';
import { createOciLayoutDestination, openOciLayout } from './layout/index.ts';
import { sharedImageLayout } from './testing/shared-fixtures.ts';

const layout = sharedImageLayout();
const skip =
  layout === undefined ? 'shared fixture images not found (set SIGIL_SHARED_DIR)' : false;

interface Entry {
  digest: string;
  mediaType: string;
  annotations?: Record<string, string>;
}
const indexOf = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: Entry[] }).manifests;
const named = (dir: string, name: string) =>
  indexOf(dir).filter((e) => e.annotations?.['org.opencontainers.image.ref.name'] === name);
const blobFile = (dir: string, digest: string) => join(dir, 'blobs', 'sha256', digest.slice(7));
const multiarch = () => named(layout!, 'multiarch')[0]!;
const children = () =>
  (
    JSON.parse(readFileSync(blobFile(layout!, multiarch().digest), 'utf8')) as {
      manifests: { digest: string; platform: { architecture: string } }[];
    }
  ).manifests;

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigil-copy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test(
  'copying an index without --all-platforms copies the linux/amd64 image only',
  { skip },
  async (t) => {
    const out = join(tempDir(t), 'layout');
    const events: SigilEvent[] = [];
    const src = await openOciLayout(layout!, { tag: 'multiarch' });
    const res = await copyImage(src, await createOciLayoutDestination(out, { tag: 'm' }), {
      events: (e) => events.push(e),
    });
    const amd = children().find((c) => c.platform.architecture === 'amd64')!.digest;
    const arm = children().find((c) => c.platform.architecture === 'arm64')!.digest;
    assert.equal(res.digest, amd);
    assert.deepEqual(
      named(out, 'm').map((e) => e.digest),
      [amd],
    );
    assert.equal(named(out, 'm')[0]!.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    assert.ok(!existsSync(blobFile(out, arm)));
    assert.ok(!existsSync(blobFile(out, multiarch().digest)));
    assert.equal(
      JSON.parse(readFileSync(join(out, 'oci-layout'), 'utf8')).imageLayoutVersion,
      '1.0.0',
    );
    // Every blob reports its completion.
    const finished = events.filter((e) => e.kind === 'progress' && e.done === e.total);
    assert.equal(finished.length, 2);
  },
);

test(
  '--all-platforms preserves the index digest and every child; reruns skip blobs',
  { skip },
  async (t) => {
    const out = join(tempDir(t), 'layout');
    const copyAll = async (tag: string) =>
      copyImage(
        await openOciLayout(layout!, { tag: 'multiarch' }),
        await createOciLayoutDestination(out, { tag }),
        { allPlatforms: true },
      );
    const first = await copyAll('all');
    assert.equal(first.digest, multiarch().digest);
    assert.equal(named(out, 'all')[0]!.digest, multiarch().digest);
    for (const c of children()) {
      assert.deepEqual(
        readFileSync(blobFile(out, c.digest)),
        readFileSync(blobFile(layout!, c.digest)),
      );
    }
    assert.deepEqual(
      readFileSync(blobFile(out, multiarch().digest)),
      readFileSync(blobFile(layout!, multiarch().digest)),
    );
    assert.equal(first.blobsCopied, 3, 'two configs and the one shared layer');

    const second = await copyAll('again');
    assert.equal(second.blobsCopied, 0);
    assert.equal(second.blobsSkipped, 3);
    await copyAll('all');
    assert.equal(named(out, 'all').length, 1, 'a tag is replaced, not duplicated');
    assert.equal(named(out, 'again').length, 1, 'other tags are kept');
    // The copied layout reads back as the same index.
    const back = await openOciLayout(out, { tag: 'all' });
    assert.equal((await back.getManifest()).digest, multiarch().digest);
  },
);

test(
  'a corrupted blob fails the copy with DIGEST_MISMATCH and adds no index entry',
  { skip },
  async (t) => {
    const dir = tempDir(t);
    const bad = join(dir, 'bad');
    await copyImage(
      await openOciLayout(layout!, { tag: 'distroless' }),
      await createOciLayoutDestination(bad, { tag: 'd' }),
    );
    const manifest = JSON.parse(
      readFileSync(blobFile(bad, named(bad, 'd')[0]!.digest), 'utf8'),
    ) as {
      layers: { digest: string }[];
    };
    const layerFile = blobFile(bad, manifest.layers[0]!.digest);
    const bytes = readFileSync(layerFile);
    bytes[1000] = bytes[1000]! ^ 0xff;
    writeFileSync(layerFile, bytes);

    const out = join(dir, 'out');
    await copyImage(
      await openOciLayout(layout!, { tag: 'debian-bookworm' }),
      await createOciLayoutDestination(out, { tag: 'keep' }),
      {},
    );
    const before = readFileSync(join(out, 'index.json'));
    await assert.rejects(
      copyImage(
        await openOciLayout(bad, { tag: 'd' }),
        await createOciLayoutDestination(out, { tag: 'd' }),
      ),
      { code: 'DIGEST_MISMATCH' },
    );
    assert.deepEqual(readFileSync(join(out, 'index.json')), before);
    assert.equal(named(out, 'd').length, 0);
    assert.ok(!existsSync(blobFile(out, manifest.layers[0]!.digest)), 'no unverified blob stored');
    assert.deepEqual(
      readdirSync(out).sort(),
      ['blobs', 'index.json', 'oci-layout'],
      'no temp files left',
    );
  },
);

test('an aborted copy stops, commits nothing and leaves no temp files', { skip }, async (t) => {
  const out = join(tempDir(t), 'layout');
  const ac = new AbortController();
  await assert.rejects(
    copyImage(
      await openOciLayout(layout!, { tag: 'debian-bookworm' }),
      await createOciLayoutDestination(out, { tag: 'x' }),
      {
        signal: ac.signal,
        events: (e) => {
          if (e.kind === 'progress' && e.done > 0 && e.done < (e.total ?? 0)) ac.abort();
        },
      },
    ),
    { name: 'AbortError' },
  );
  assert.ok(!existsSync(join(out, 'index.json')));
  const leftovers = existsSync(out)
    ? readdirSync(out).filter((f) => f.startsWith('.sigil-tmp'))
    : [];
  assert.deepEqual(leftovers, []);
});
