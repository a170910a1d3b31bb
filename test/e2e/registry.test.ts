import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { readFileSync, writeFileSync } from 'node:fs';
import { RegistryClient, type Repo } from '../../src/oci/registry/index.ts';
import { MEDIA_TYPES } from '../../src/oci/media-types.ts';
import { parseReference } from '../../src/oci/reference.ts';
import { openRegistryImage } from '../../src/oci/registry/index.ts';
import {
  blobDataPath,
  registrySkipReason,
  testRegistry,
  uniqueRepo,
  type TestRegistry,
} from '../helpers/registry.ts';
import {
  artifactFor,
  blob,
  manifestBlob,
  randomImage,
  type BuiltBlob,
} from '../helpers/oci-builders.ts';

// Debian's docker-registry 2.8, started by scripts/run-tests.ts (or here when run alone).
const skip = registrySkipReason();

function client(
  reg: TestRegistry,
  creds?: { username: string; password: string },
  chunkSize?: number,
) {
  return new RegistryClient({
    env: {},
    credentials: () => Promise.resolve(undefined),
    timeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    ...(creds ?? {}),
    ...(chunkSize !== undefined ? { chunkSize } : {}),
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function pushImage(c: RegistryClient, repo: Repo, tag: string, layerSize = 3000) {
  const image = randomImage(layerSize);
  for (const b of [image.config, image.layer])
    await c.uploadBlob(repo, b.desc, Readable.from([b.bytes]));
  await c.putManifest(repo, image.manifest, tag);
  return image;
}

test(
  'push blobs monolithic and chunked, read back by tag and digest, list tags',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    const c = client(reg, undefined, 1024);
    const repo = { registry: reg.host, repository: uniqueRepo('e2e/app') };
    const image = await pushImage(c, repo, 'v1', 5000); // config: 1 request; layer: 5 chunks

    const byTag = await c.getManifest({ ...repo, tag: 'v1' });
    assert.equal(byTag.digest, image.manifest.digest);
    assert.deepEqual(Buffer.from(byTag.bytes), Buffer.from(image.manifest.bytes));
    assert.equal(byTag.mediaType, MEDIA_TYPES.ociManifest);
    const byDigest = await c.getManifest(repo, image.manifest.digest);
    assert.deepEqual(Buffer.from(byDigest.bytes), Buffer.from(image.manifest.bytes));
    assert.deepEqual(await readAll(await c.fetchBlob(repo, image.layer.desc)), image.layer.bytes);
    assert.deepEqual(await readAll(await c.fetchBlob(repo, image.config.desc)), image.config.bytes);

    await c.putManifest(repo, image.manifest, 'v2');
    assert.deepEqual((await c.listTags(repo)).sort(), ['v1', 'v2']);
    const head = await c.headManifest({ ...repo, tag: 'v2' });
    assert.equal(head?.digest, image.manifest.digest);
    assert.equal(await c.resolveDigest({ ...repo, tag: 'v2' }), image.manifest.digest);
    await assert.rejects(c.resolveDigest({ ...repo, tag: 'v3' }), { code: 'MANIFEST_UNKNOWN' });
  },
);

test('mount across repositories, then delete manifest and blob', { skip }, async () => {
  const reg = await testRegistry('plain');
  const c = client(reg);
  const from = { registry: reg.host, repository: uniqueRepo('e2e/src') };
  const to = { registry: reg.host, repository: uniqueRepo('e2e/dst') };
  const image = await pushImage(c, from, 'v1');

  assert.equal(await c.hasBlob(to, image.layer.desc), false);
  assert.equal(await c.mountBlob(to, image.layer.desc, from.repository), true);
  assert.equal(await c.hasBlob(to, image.layer.desc), true);
  const unknown = blob(Buffer.from('never pushed'), MEDIA_TYPES.ociLayerGzip);
  assert.equal(await c.mountBlob(to, unknown.desc, from.repository), false);

  await c.deleteManifest(from, image.manifest.digest);
  await assert.rejects(c.getManifest(from, image.manifest.digest), { code: 'MANIFEST_UNKNOWN' });
  await c.deleteBlob(from, image.layer.desc.digest);
  assert.equal(await c.hasBlob(from, image.layer.desc), false);
  await assert.rejects(c.fetchBlob(to, unknown.desc), { code: 'BLOB_UNKNOWN' });
});

test(
  'copy through RegistrySource/RegistryDestination mounts and tags only the root',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    const c = client(reg);
    const srcRef = parseReference(`${reg.host}/${uniqueRepo('e2e/copy-src')}:v1`);
    const dstRef = parseReference(`${reg.host}/${uniqueRepo('e2e/copy-dst')}:copied`);
    const image = await pushImage(c, srcRef, 'v1');
    const { source } = openRegistryImage(srcRef, { client: c });
    const { destination } = openRegistryImage(dstRef, { client: c, mountFrom: srcRef });

    const manifest = await source.getManifest();
    for (const desc of [image.config.desc, image.layer.desc]) {
      if (!(await destination.hasBlob(desc)))
        await destination.putBlob(desc, await source.fetchBlob(desc));
    }
    await destination.putManifest(manifest, { root: true });
    await destination.commit();
    assert.deepEqual(await destination.listTags(), ['copied']);
    assert.equal((await c.getManifest(dstRef)).digest, image.manifest.digest);
  },
);

test(
  'basic auth: right credentials push and pull, wrong or none are UNAUTHORIZED',
  { skip },
  async () => {
    const reg = await testRegistry('basic');
    const repo = { registry: reg.host, repository: uniqueRepo('e2e/basic') };
    const good = client(reg, { username: reg.username!, password: reg.password! });
    const image = await pushImage(good, repo, 'v1');
    assert.equal((await good.getManifest({ ...repo, tag: 'v1' })).digest, image.manifest.digest);

    const wrong = client(reg, { username: reg.username!, password: 'not-the-password' });
    await assert.rejects(wrong.getManifest({ ...repo, tag: 'v1' }), { code: 'UNAUTHORIZED' });
    await assert.rejects(client(reg).getManifest({ ...repo, tag: 'v1' }), { code: 'UNAUTHORIZED' });
  },
);

test(
  'token auth: credentials buy a token; wrong ones and anonymous are UNAUTHORIZED',
  { skip },
  async () => {
    const reg = await testRegistry('token');
    const repo = { registry: reg.host, repository: uniqueRepo('e2e/token') };
    const good = client(reg, { username: reg.username!, password: reg.password! });
    const image = await pushImage(good, repo, 'v1');
    assert.deepEqual(
      await readAll(await good.fetchBlob(repo, image.layer.desc)),
      image.layer.bytes,
    );
    await good.deleteManifest(repo, image.manifest.digest);
    // A mount needs push on the target and pull on the source: two scopes in one token.
    const other = { registry: reg.host, repository: uniqueRepo('e2e/token-mount') };
    assert.equal(await good.mountBlob(other, image.layer.desc, repo.repository), true);
    assert.equal(await good.hasBlob(other, image.layer.desc), true);

    const wrong = client(reg, { username: reg.username!, password: 'nope' });
    await assert.rejects(wrong.listTags(repo), { code: 'UNAUTHORIZED' });
    await assert.rejects(client(reg).listTags(repo), { code: 'UNAUTHORIZED' });
  },
);

test(
  'a blob corrupted in the registry storage fails as DIGEST_MISMATCH while streaming',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    const c = client(reg);
    const repo = { registry: reg.host, repository: uniqueRepo('e2e/corrupt') };
    const layer: BuiltBlob = randomImage(4096).layer;
    await c.uploadBlob(repo, layer.desc, Readable.from([layer.bytes]));
    const file = blobDataPath(reg, layer.desc.digest);
    const stored = readFileSync(file);
    stored[100] = stored[100]! ^ 0xff;
    writeFileSync(file, stored);
    await assert.rejects(readAll(await c.fetchBlob(repo, layer.desc)), { code: 'DIGEST_MISMATCH' });
  },
);

test(
  'referrers: Debian registry answers 404, the sha256-<hex> tag index is used',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    const c = client(reg);
    const repo = { registry: reg.host, repository: uniqueRepo('e2e/referrers') };
    const image = await pushImage(c, repo, 'v1');
    const subject = {
      mediaType: MEDIA_TYPES.ociManifest,
      digest: image.manifest.digest,
      size: image.manifest.bytes.length,
    };
    assert.deepEqual(await c.listReferrers(repo, subject.digest), []);

    const sig = artifactFor(subject, 'application/vnd.dev.sigil.signature');
    await c.uploadBlob(repo, sig.empty.desc, Readable.from([sig.empty.bytes]));
    await c.putManifest(repo, sig.manifest);
    const sigDesc = {
      mediaType: MEDIA_TYPES.ociManifest,
      digest: sig.manifest.digest,
      size: sig.manifest.bytes.length,
      artifactType: 'application/vnd.dev.sigil.signature',
    };
    const index = manifestBlob(
      { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [sigDesc] },
      MEDIA_TYPES.ociIndex,
    );
    await c.putManifest(repo, index, `sha256-${subject.digest.slice('sha256:'.length)}`);

    assert.deepEqual(await c.listReferrers(repo, subject.digest), [sigDesc]);
    assert.deepEqual(
      await c.listReferrers(repo, subject.digest, { artifactType: 'application/spdx+json' }),
      [],
    );
  },
);

test(
  'pushReferrer keeps the sha256-<hex> index up to date on a registry without the API',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    const c = client(reg);
    const repo = { registry: reg.host, repository: uniqueRepo('e2e/push-referrers') };
    const image = await pushImage(c, repo, 'v1');
    const subject = {
      mediaType: MEDIA_TYPES.ociManifest,
      digest: image.manifest.digest,
      size: image.manifest.bytes.length,
    };
    const types = ['application/vnd.dev.sigil.signature', 'application/spdx+json'];
    for (const type of types) {
      const a = artifactFor(subject, type);
      await c.uploadBlob(repo, a.empty.desc, Readable.from([a.empty.bytes]));
      await c.pushReferrer(repo, a.manifest);
      await c.pushReferrer(repo, a.manifest); // twice: listed once
    }
    const found = await c.listReferrers(repo, subject.digest);
    assert.deepEqual(found.map((d) => d.artifactType).sort(), [...types].sort());
    assert.deepEqual(
      (await c.listReferrers(repo, subject.digest, { artifactType: types[1]! })).length,
      1,
    );
  },
);
