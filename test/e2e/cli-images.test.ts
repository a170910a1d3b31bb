// Issue #2's "done when", end to end: the real `sigil` CLI against Debian's docker-registry,
// checked by skopeo 1.18 as the independent client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createOciLayoutDestination } from '../../src/oci/index.ts';
import { sharedImageLayout } from '../../src/oci/testing/shared-fixtures.ts';
import { sigil } from '../helpers/cli.ts';
import { interopSkipReason, runTool } from '../helpers/interop.ts';
import { randomImage } from '../helpers/oci-builders.ts';
import { blobDataPath, registrySkipReason, testRegistry, uniqueRepo } from '../helpers/registry.ts';

const layout = sharedImageLayout();
const skip =
  registrySkipReason() ??
  interopSkipReason('skopeo') ??
  (layout === undefined ? 'shared fixture images not found' : undefined);
const tmp = mkdtempSync(join(tmpdir(), 'sigil-e2e-images-'));
const sha256 = (s: string | Buffer) => `sha256:${createHash('sha256').update(s).digest('hex')}`;
const layoutDigest = (tag: string) => {
  const index = JSON.parse(readFileSync(join(layout!, 'index.json'), 'utf8')) as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  return index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag)!
    .digest;
};
const skopeo = (...args: string[]) => runTool('skopeo', ['--insecure-policy', ...args]);

test(
  'inspect reports the digest skopeo reports, for an image and an index skopeo pushed',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    for (const [tag, all] of [
      ['node-app', false],
      ['multiarch', true],
    ] as const) {
      const dest = `docker://${reg.host}/${uniqueRepo('skopeo-pushed')}:1`;
      const pushed = await skopeo(
        'copy',
        '--dest-tls-verify=false',
        '--preserve-digests',
        ...(all ? ['--all'] : []),
        `oci:${layout}:${tag}`,
        dest,
      );
      assert.equal(pushed.code, 0, pushed.stderr);
      const raw = await skopeo('inspect', '--tls-verify=false', '--raw', dest);
      const theirs = sha256(raw.stdout);
      const ours = await sigil(['inspect', dest]);
      assert.equal(ours.code, 0, ours.stderr);
      const view = JSON.parse(ours.stdout) as {
        digest: string;
        manifests?: unknown[];
        layers: unknown[];
      };
      assert.equal(view.digest, theirs, tag);
      assert.equal(view.digest, layoutDigest(tag));
      assert.equal(view.manifests !== undefined, all, `${tag}: manifests listed only for an index`);
      if (!all) {
        const info = JSON.parse((await skopeo('inspect', '--tls-verify=false', dest)).stdout) as {
          Digest: string;
          Layers: string[];
        };
        assert.equal(view.digest, info.Digest);
        assert.equal(view.layers.length, info.Layers.length);
      }
    }
  },
);

test(
  'copy --all-platforms keeps the index digest; copies back to a layout and an archive round-trip',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    const dest = `${reg.host}/${uniqueRepo('x')}:1`;
    const up = await sigil(['copy', '--quiet', '--all-platforms', `oci:${layout}:multiarch`, dest]);
    assert.equal(up.code, 0, up.stderr);
    const raw = await skopeo('inspect', '--tls-verify=false', '--raw', `docker://${dest}`);
    assert.equal(raw.code, 0, raw.stderr);
    assert.equal(sha256(raw.stdout), layoutDigest('multiarch'));

    const back = join(tmp, 'back');
    const down = await sigil(['copy', '--quiet', '--all-platforms', dest, `oci:${back}:multiarch`]);
    assert.equal(down.code, 0, down.stderr);
    const backRaw = await skopeo('inspect', '--raw', `oci:${back}:multiarch`);
    assert.equal(sha256(backRaw.stdout), layoutDigest('multiarch'));

    const archive = join(tmp, 'x.tar');
    const toArchive = await sigil([
      'copy',
      '--quiet',
      '--platform',
      'linux/arm64',
      dest,
      `docker-archive:${archive}:x:1`,
    ]);
    assert.equal(toArchive.code, 0, toArchive.stderr);
    const arm = JSON.parse(
      (await sigil(['inspect', '--platform', 'linux/arm64', dest])).stdout,
    ) as {
      config: { digest: string };
      layers: { digest: string }[];
    };
    // skopeo reads the archive: same config, and layers named by their diff_ids as docker-archive does.
    const fromArchive = JSON.parse(
      (await skopeo('inspect', `docker-archive:${archive}`)).stdout,
    ) as {
      Architecture: string;
      Layers: string[];
    };
    assert.equal(fromArchive.Architecture, 'arm64');
    const cfg = await skopeo('inspect', '--config', '--raw', `docker-archive:${archive}`);
    assert.equal(sha256(cfg.stdout), arm.config.digest);
    const diffIds = (JSON.parse(cfg.stdout) as { rootfs: { diff_ids: string[] } }).rootfs.diff_ids;
    assert.deepEqual(fromArchive.Layers, diffIds);
    // And Sigil reads it back with the very blobs it wrote.
    const again = JSON.parse(
      (await sigil(['inspect', `docker-archive:${archive}`])).stdout,
    ) as typeof arm;
    assert.equal(again.config.digest, arm.config.digest);
    assert.deepEqual(
      again.layers.map((l) => l.digest),
      arm.layers.map((l) => l.digest),
    );
  },
);

test(
  'Basic and token auth: right credentials work, wrong ones are UNAUTHORIZED with exit 2',
  { skip },
  async () => {
    for (const kind of ['basic', 'token'] as const) {
      const reg = await testRegistry(kind);
      const dest = `${reg.host}/${uniqueRepo(kind)}:1`;
      const good = await sigil([
        'copy',
        '--quiet',
        '--creds',
        `${reg.username}:${reg.password}`,
        `oci:${layout}:distroless`,
        dest,
      ]);
      assert.equal(good.code, 0, `${kind}: ${good.stderr}`);
      const seen = await sigil(['inspect', '--creds', `${reg.username}:${reg.password}`, dest]);
      assert.equal(JSON.parse(seen.stdout).digest, layoutDigest('distroless'));
      const bad = await sigil(['inspect', '--creds', `${reg.username}:wrong`, dest]);
      assert.equal(bad.code, 2, kind);
      assert.match(bad.stderr, /^sigil: UNAUTHORIZED: /);
      assert.equal(bad.stderr.trim().split('\n').length, 1, 'one line, no stack');
      const anonymous = await sigil(['inspect', dest]);
      assert.equal(anonymous.code, 2);
      assert.match(anonymous.stderr, /^sigil: UNAUTHORIZED: /);
    }
  },
);

test(
  'a blob corrupted in the registry storage is DIGEST_MISMATCH and leaves no image behind',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    // An image of its own: registry storage is shared by content, so corrupt nobody else's blob.
    const img = randomImage(20_000);
    const src = join(tmp, 'random');
    const dst = await createOciLayoutDestination(src, { tag: 'r' });
    for (const b of [img.config, img.layer]) await dst.putBlob(b.desc, Readable.from([b.bytes]));
    await dst.putManifest(img.manifest, { root: true });
    await dst.commit();
    const ref = `${reg.host}/${uniqueRepo('corrupt')}:1`;
    assert.equal((await sigil(['copy', '--quiet', `oci:${src}:r`, ref])).code, 0);
    const data = blobDataPath(reg, img.layer.desc.digest);
    const bytes = readFileSync(data);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(data, bytes);
    const out = join(tmp, 'corrupt-out');
    const r = await sigil(['copy', '--quiet', ref, `oci:${out}:r`]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^sigil: DIGEST_MISMATCH: /);
    const listed = await sigil(['tags', `oci:${out}`]);
    assert.equal(listed.stdout, '', 'no tag points at a partial image');
  },
);

test(
  'errors are coded: unknown manifest, bad name, unreachable registry',
  { skip: registrySkipReason() },
  async () => {
    const reg = await testRegistry('plain');
    const unknown = await sigil(['inspect', `${reg.host}/${uniqueRepo('none')}:nope`]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^sigil: (MANIFEST_UNKNOWN|NAME_UNKNOWN): /);
    const bad = await sigil(['inspect', 'UPPER/Case']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^sigil: NAME_INVALID: /);
    const down = await sigil(['inspect', '127.0.0.1:1/x:1']);
    assert.equal(down.code, 2);
    assert.match(down.stderr, /^sigil: REGISTRY_UNREACHABLE: /);
  },
);
