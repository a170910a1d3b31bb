import { test } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { RegistryClient } from './client.ts';
import { referrersTag } from './referrers.ts';
import { json, startFake } from '../../../test/helpers/fake-registry.ts';
import { MEDIA_TYPES } from '../media-types.ts';

const subject = `sha256:${'ab'.repeat(32)}`;
const sig = {
  mediaType: MEDIA_TYPES.ociManifest,
  digest: `sha256:${'11'.repeat(32)}`,
  size: 500,
  artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
};
const sbom = {
  mediaType: MEDIA_TYPES.ociManifest,
  digest: `sha256:${'22'.repeat(32)}`,
  size: 600,
  artifactType: 'application/spdx+json',
};
const client = () => new RegistryClient({ env: {}, credentials: () => Promise.resolve(undefined) });

test('a registry speaking the referrers API is asked, with the artifactType filter', async (t) => {
  const fake = await startFake((req, res) => {
    const url = new URL(req.path, 'http://x');
    if (url.pathname !== `/v2/app/referrers/${subject}`) return json(res, 404, {});
    const type = url.searchParams.get('artifactType');
    const manifests = [sig, sbom].filter((d) => type === null || d.artifactType === type);
    json(
      res,
      200,
      { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests },
      {
        'content-type': MEDIA_TYPES.ociIndex,
        ...(type ? { 'oci-filters-applied': 'artifactType' } : {}),
      },
    );
  });
  t.after(() => fake.close());
  const repo = { registry: fake.host, repository: 'app' };
  assert.deepEqual(await client().listReferrers(repo, subject), [sig, sbom]);
  assert.deepEqual(
    await client().listReferrers(repo, subject, { artifactType: sbom.artifactType }),
    [sbom],
  );
  assert.ok(
    fake.seen.every((r) => !r.path.includes('/manifests/')),
    'no fallback tag lookup',
  );
  assert.equal(
    new URL(fake.seen[1]!.path, 'http://x').searchParams.get('artifactType'),
    sbom.artifactType,
  );
});

test('a 404 falls back to the sha256-<hex> tag, filtered here; no tag means no referrers', async (t) => {
  const index = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [sig, sbom] }),
  );
  const fake = await startFake((req, res) => {
    if (req.path === `/v2/app/manifests/${referrersTag(subject)}`) {
      return res.writeHead(200, { 'content-type': MEDIA_TYPES.ociIndex }).end(index);
    }
    json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'unknown' }] });
  });
  t.after(() => fake.close());
  assert.equal(referrersTag(subject), `sha256-${'ab'.repeat(32)}`);
  assert.deepEqual(
    await client().listReferrers({ registry: fake.host, repository: 'app' }, subject, {
      artifactType: sig.artifactType,
    }),
    [sig],
  );
  assert.deepEqual(
    await client().listReferrers({ registry: fake.host, repository: 'other' }, subject),
    [],
  );
});

test('malformed referrer descriptors are MANIFEST_INVALID', async (t) => {
  const fake = await startFake((_req, res) =>
    json(res, 200, { manifests: [{ mediaType: 'x', digest: 'nope', size: 1 }] }),
  );
  t.after(() => fake.close());
  await assert.rejects(
    client().listReferrers({ registry: fake.host, repository: 'app' }, subject),
    { code: 'MANIFEST_INVALID' },
  );
});

test('pushReferrer leaves the index to a registry that answers OCI-Subject', async (t) => {
  const fake = await startFake((req, res) => {
    if (req.method === 'PUT') return res.writeHead(201, { 'oci-subject': subject }).end();
    json(res, 404, {});
  });
  t.after(() => fake.close());
  const artifact = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: {},
      layers: [],
      subject: { digest: subject },
    }),
  );
  const digest = `sha256:${createHash('sha256').update(artifact).digest('hex')}`;
  await client().pushReferrer(
    { registry: fake.host, repository: 'app' },
    { bytes: artifact, mediaType: MEDIA_TYPES.ociManifest, digest },
  );
  assert.deepEqual(
    fake.seen.map((r) => `${r.method} ${r.path}`),
    [`PUT /v2/app/manifests/${digest}`],
  );
  const noSubject = Buffer.from('{"schemaVersion":2}');
  await assert.rejects(
    client().pushReferrer(
      { registry: fake.host, repository: 'app' },
      {
        bytes: noSubject,
        mediaType: MEDIA_TYPES.ociManifest,
        digest: `sha256:${createHash('sha256').update(noSubject).digest('hex')}`,
      },
    ),
    { code: 'MANIFEST_INVALID' },
  );
});
