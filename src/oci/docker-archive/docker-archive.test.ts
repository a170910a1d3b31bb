import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { copyImage } from '../copy.ts';
import { createOciLayoutDestination, openOciLayout } from '../layout/index.ts';
import { parseManifestBlob } from '../manifest.ts';
import { resolveImage } from '../resolve.ts';
import { sharedImageLayout, skopeoBinary } from '../testing/shared-fixtures.ts';
import { createDockerArchiveDestination, openDockerArchive } from './index.ts';

const layout = sharedImageLayout();
const skip =
  layout === undefined ? 'shared fixture images not found (set SIGIL_SHARED_DIR)' : false;
const sha = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigil-da-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// A small real layer made by GNU tar.
function makeLayer(dir: string, name: string, content: string): Buffer {
  const src = join(dir, `${name}-src`);
  mkdirSync(join(src, 'etc'), { recursive: true });
  writeFileSync(join(src, 'etc', name), content);
  return execFileSync('tar', ['-cf', '-', '-C', src, 'etc']);
}

function configFor(layers: Buffer[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['sh'] },
      rootfs: { type: 'layers', diff_ids: layers.map(sha) },
    }),
  );
}

test('reads a classic docker save archive and picks the image by RepoTags', async (t) => {
  const dir = tempDir(t);
  const root = join(dir, 'root');
  const images = [
    { tag: 'app:1', layer: makeLayer(dir, 'a', 'first\n') },
    { tag: 'example.com/other:2', layer: makeLayer(dir, 'b', 'second\n') },
  ];
  const manifest = images.map(({ tag, layer }, i) => {
    const config = configFor([layer]);
    const id = `${i}`.repeat(64);
    mkdirSync(join(root, id), { recursive: true });
    writeFileSync(join(root, id, 'layer.tar'), layer);
    writeFileSync(join(root, id, 'VERSION'), '1.0');
    writeFileSync(join(root, `${sha(config).slice(7)}.json`), config);
    return { Config: `${sha(config).slice(7)}.json`, RepoTags: [tag], Layers: [`${id}/layer.tar`] };
  });
  writeFileSync(join(root, 'manifest.json'), JSON.stringify(manifest));
  const file = join(dir, 'save.tar');
  execFileSync('tar', ['-cf', file, '-C', root, '.']);

  for (const ref of ['app:1', 'docker.io/library/app:1']) {
    const src = await openDockerArchive(file, { reference: ref });
    const m = parseManifestBlob(await src.getManifest());
    assert.equal(m.kind, 'manifest');
    if (m.kind !== 'manifest') return;
    assert.equal(m.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    assert.deepEqual(
      m.manifest.layers.map((l) => [l.digest, l.size, l.mediaType]),
      [
        [
          sha(images[0]!.layer),
          images[0]!.layer.length,
          'application/vnd.docker.image.rootfs.diff.tar',
        ],
      ],
    );
    const img = await resolveImage(src);
    assert.equal(img.configDigest, sha(configFor([images[0]!.layer])));
    assert.equal(img.platform.architecture, 'amd64');
  }
  // docker save | gzip output opens too.
  const gz = join(dir, 'save.tar.gz');
  writeFileSync(gz, gzipSync(readFileSync(file)));
  const zipped = await openDockerArchive(gz, { reference: '@0' });
  assert.equal((await resolveImage(zipped)).manifest.layers[0]!.digest, sha(images[0]!.layer));
  await zipped.close();

  const other = await openDockerArchive(file, { reference: 'example.com/other:2' });
  assert.equal((await resolveImage(other)).manifest.layers[0]!.digest, sha(images[1]!.layer));
  await assert.rejects(openDockerArchive(file), { code: 'MANIFEST_UNKNOWN', message: /2 images/ });
  await assert.rejects(openDockerArchive(file, { reference: 'app:2' }), {
    code: 'MANIFEST_UNKNOWN',
    message: /app:1/,
  });
});

test('reads the Docker 25+ layout (blobs/sha256) and types gzip layers', async (t) => {
  const dir = tempDir(t);
  const root = join(dir, 'root');
  const layer = gzipSync(makeLayer(dir, 'g', 'zipped\n'));
  const config = configFor([makeLayer(dir, 'g', 'zipped\n')]);
  mkdirSync(join(root, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(root, 'blobs', 'sha256', sha(layer).slice(7)), layer);
  writeFileSync(join(root, 'blobs', 'sha256', sha(config).slice(7)), config);
  writeFileSync(
    join(root, 'manifest.json'),
    JSON.stringify([
      {
        Config: `blobs/sha256/${sha(config).slice(7)}`,
        RepoTags: null,
        Layers: [`blobs/sha256/${sha(layer).slice(7)}`],
      },
    ]),
  );
  const file = join(dir, 'save.tar');
  execFileSync('tar', ['-cf', file, '-C', root, 'manifest.json', 'blobs']);
  const img = await resolveImage(await openDockerArchive(file));
  assert.equal(img.manifest.layers[0]!.digest, sha(layer));
  assert.equal(
    img.manifest.layers[0]!.mediaType,
    'application/vnd.docker.image.rootfs.diff.tar.gzip',
  );
});

test('a file that is not a docker archive is ARCHIVE_INVALID', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'x.tar');
  writeFileSync(join(dir, 'hello.txt'), 'hi\n');
  execFileSync('tar', ['-cf', file, '-C', dir, 'hello.txt']);
  await assert.rejects(openDockerArchive(file), {
    code: 'ARCHIVE_INVALID',
    message: /manifest\.json/,
  });
  writeFileSync(file, Buffer.alloc(1000, 1));
  await assert.rejects(openDockerArchive(file), { code: 'ARCHIVE_INVALID' });
});

test('oci → docker-archive → oci keeps config and layer digests', { skip }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'app.tar');
  const src = await openOciLayout(layout!, { tag: 'distroless' });
  const original = await resolveImage(src);
  await copyImage(src, await createDockerArchiveDestination(file, { reference: 'sigil/test:1' }));

  const members = execFileSync('tar', ['-tf', file]).toString().split('\n');
  assert.ok(members.includes(`${original.configDigest.slice(7)}.json`));
  assert.ok(members.includes(`${original.manifest.layers[0]!.digest.slice(7)}.tar`));
  assert.ok(members.includes('manifest.json') && members.includes('repositories'));
  const index = JSON.parse(execFileSync('tar', ['-xOf', file, 'manifest.json']).toString()) as {
    RepoTags: string[];
  }[];
  assert.deepEqual(index[0]!.RepoTags, ['docker.io/sigil/test:1']);

  const back = join(dir, 'back');
  await copyImage(
    await openDockerArchive(file, { reference: 'sigil/test:1' }),
    await createOciLayoutDestination(back, { tag: 'rt' }),
  );
  const again = await resolveImage(await openOciLayout(back, { tag: 'rt' }));
  assert.equal(again.configDigest, original.configDigest);
  assert.deepEqual(
    again.manifest.layers.map((l) => l.digest),
    original.manifest.layers.map((l) => l.digest),
  );
  assert.deepEqual(again.config, original.config);
});

test(
  'a docker archive refuses an index with UNSUPPORTED and leaves no file',
  { skip },
  async (t) => {
    const dir = tempDir(t);
    const file = join(dir, 'multi.tar');
    const src = await openOciLayout(layout!, { tag: 'multiarch' });
    await assert.rejects(
      copyImage(src, await createDockerArchiveDestination(file), { allPlatforms: true }),
      {
        code: 'UNSUPPORTED',
        message: /one image, not an index/,
      },
    );
    assert.deepEqual(readdirSync(dir), []);
    // Without --all-platforms the copy selects linux/amd64 and succeeds.
    await copyImage(src, await createDockerArchiveDestination(file));
    assert.ok(existsSync(file));
  },
);

const skopeo = skopeoBinary();
test(
  'skopeo reads the docker archive and the OCI layout Sigil wrote',
  {
    skip:
      skip || (skopeo === undefined ? 'SIGIL_SKOPEO not set: skopeo interop not checked' : false),
  },
  async (t) => {
    const dir = tempDir(t);
    const file = join(dir, 'app.tar');
    const out = join(dir, 'layout');
    const src = await openOciLayout(layout!, { tag: 'multiarch' });
    const amd = await resolveImage(src);
    await copyImage(src, await createDockerArchiveDestination(file, { reference: 'sigil/test:1' }));
    await copyImage(src, await createOciLayoutDestination(out, { tag: 'all' }), {
      allPlatforms: true,
    });

    const inspect = (ref: string, ...args: string[]) =>
      JSON.parse(execFileSync(skopeo!, ['inspect', ...args, ref]).toString()) as Record<
        string,
        unknown
      >;
    const fromArchive = inspect(`docker-archive:${file}`);
    assert.deepEqual(fromArchive.RepoTags, []);
    assert.equal(fromArchive.Architecture, 'amd64');
    const cfg = inspect(`docker-archive:${file}:docker.io/sigil/test:1`, '--config');
    assert.deepEqual(cfg.rootfs, amd.config.rootfs);

    // skopeo copy wants a trust policy; this one only serves the test's local copies.
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
    const raw = execFileSync(skopeo!, ['inspect', '--raw', `oci:${out}:all`]);
    assert.equal(sha(raw), amd.digest);
    const copied = join(dir, 'via-skopeo');
    execFileSync(skopeo!, [
      '--policy',
      policy,
      'copy',
      '--quiet',
      `docker-archive:${file}`,
      `oci:${copied}:x`,
    ]);
    const viaSkopeo = await resolveImage(await openOciLayout(copied, { tag: 'x' }));
    // skopeo re-encodes the config and layers when it converts to OCI; the diff IDs stay.
    assert.deepEqual(viaSkopeo.config.rootfs, amd.config.rootfs);
    execFileSync(skopeo!, [
      '--policy',
      policy,
      'copy',
      '--quiet',
      '--all',
      `oci:${out}:all`,
      `oci:${join(dir, 'again')}:y`,
    ]);
    const copiedIndex = JSON.parse(readFileSync(join(dir, 'again', 'index.json'), 'utf8')) as {
      manifests: { digest: string }[];
    };
    assert.equal(
      copiedIndex.manifests[0]!.digest,
      amd.digest,
      'skopeo --all keeps our index digest',
    );

    // And the other way: an archive skopeo wrote (it stores layers uncompressed) reads here.
    const theirs = join(dir, 'theirs.tar');
    execFileSync(skopeo!, [
      '--policy',
      policy,
      'copy',
      '--quiet',
      `oci:${out}:all`,
      `docker-archive:${theirs}:sigil/x:1`,
    ]);
    const read = await resolveImage(await openDockerArchive(theirs, { reference: 'sigil/x:1' }));
    assert.deepEqual(
      read.manifest.layers.map((l) => l.digest),
      amd.config.rootfs?.diff_ids,
    );
    assert.equal(
      read.manifest.layers[0]!.mediaType,
      'application/vnd.docker.image.rootfs.diff.tar',
    );
  },
);
