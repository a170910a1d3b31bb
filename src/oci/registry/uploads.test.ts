import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { RegistryClient } from './client.ts';
import { startFake } from '../../../test/helpers/fake-registry.ts';
import { blob } from '../../../test/helpers/oci-builders.ts';
import { MEDIA_TYPES } from '../media-types.ts';

const data = Buffer.from('0123456789'.repeat(250));
const layer = blob(data, MEDIA_TYPES.ociLayerGzip);
const client = (chunkSize: number) =>
  new RegistryClient({ env: {}, credentials: () => Promise.resolve(undefined), chunkSize });

// Follows the spec's upload dance; each PATCH moves the session to a new relative Location.
async function uploadServer(t: import('node:test').TestContext, opts: { badRange?: boolean } = {}) {
  const received: Buffer[] = [];
  let step = 0;
  const fake = await startFake((req, res) => {
    if (req.method === 'POST')
      return res.writeHead(202, { location: `/v2/app/blobs/uploads/s${step}` }).end();
    if (req.method === 'PATCH') {
      received.push(req.body);
      const total = received.reduce((n, b) => n + b.length, 0);
      const range = opts.badRange ? `0-${total - 2}` : `0-${total - 1}`;
      return res.writeHead(202, { location: `/v2/app/blobs/uploads/s${++step}`, range }).end();
    }
    if (req.method === 'PUT') {
      received.push(req.body);
      const digest = new URL(req.path, 'http://x').searchParams.get('digest')!;
      return res.writeHead(201, { 'docker-content-digest': digest }).end();
    }
    res.writeHead(405).end();
  });
  t.after(() => fake.close());
  return { fake, received };
}

test('one chunk goes as POST + PUT with the body', async (t) => {
  const { fake, received } = await uploadServer(t);
  await client(1 << 20).uploadBlob(
    { registry: fake.host, repository: 'app' },
    layer.desc,
    Readable.from([data]),
  );
  assert.deepEqual(
    fake.seen.map((r) => r.method),
    ['POST', 'PUT'],
  );
  assert.deepEqual(Buffer.concat(received), data);
});

test('chunked: PATCHes with Content-Range following each Location, then an empty PUT', async (t) => {
  const { fake, received } = await uploadServer(t);
  await client(1000).uploadBlob(
    { registry: fake.host, repository: 'app' },
    layer.desc,
    Readable.from([data.subarray(0, 700), data.subarray(700)]),
  );
  const patches = fake.seen.filter((r) => r.method === 'PATCH');
  assert.deepEqual(
    patches.map((r) => r.headers['content-range']),
    ['0-999', '1000-1999', '2000-2499'],
  );
  assert.deepEqual(
    patches.map((r) => r.path),
    ['/v2/app/blobs/uploads/s0', '/v2/app/blobs/uploads/s1', '/v2/app/blobs/uploads/s2'],
  );
  const put = fake.seen.at(-1)!;
  assert.equal(put.method, 'PUT');
  assert.match(
    put.path,
    new RegExp(`^/v2/app/blobs/uploads/s3\\?digest=${encodeURIComponent(layer.desc.digest)}$`),
  );
  assert.deepEqual(Buffer.concat(received), data);
});

test('a registry that loses bytes, or data that does not match, never gets the final PUT', async (t) => {
  const lossy = await uploadServer(t, { badRange: true });
  await assert.rejects(
    client(1000).uploadBlob(
      { registry: lossy.fake.host, repository: 'app' },
      layer.desc,
      Readable.from([data]),
    ),
    { code: 'REGISTRY_ERROR' },
  );
  assert.ok(!lossy.fake.seen.some((r) => r.method === 'PUT'));
  assert.ok(
    lossy.fake.seen.some((r) => r.method === 'DELETE'),
    'the abandoned session is cancelled',
  );
  const honest = await uploadServer(t);
  const tampered = Buffer.from(data);
  tampered[2400] = 0x41;
  await assert.rejects(
    client(1000).uploadBlob(
      { registry: honest.fake.host, repository: 'app' },
      layer.desc,
      Readable.from([tampered]),
    ),
    { code: 'DIGEST_MISMATCH' },
  );
  assert.ok(!honest.fake.seen.some((r) => r.method === 'PUT'));
});

test('a chunk the registry holds only part of is resumed from the Range the session reports', async (t) => {
  // The first PATCH "partly lands" (600 of 1000 bytes) and is answered 416, as after a retry.
  let held = Buffer.alloc(0);
  let first = true;
  const fake = await startFake((req, res) => {
    if (req.method === 'POST')
      return res.writeHead(202, { location: '/v2/app/blobs/uploads/u' }).end();
    if (req.method === 'PATCH' && first) {
      first = false;
      held = Buffer.concat([held, req.body.subarray(0, 600)]);
      return res.writeHead(416).end();
    }
    if (req.method === 'GET') {
      return res
        .writeHead(204, { location: '/v2/app/blobs/uploads/u', range: `0-${held.length - 1}` })
        .end();
    }
    if (req.method === 'PATCH') {
      const [from] = (req.headers['content-range'] as string).split('-').map(Number);
      assert.equal(from, held.length, 'resumed exactly where the registry stands');
      held = Buffer.concat([held, req.body]);
      return res
        .writeHead(202, { location: '/v2/app/blobs/uploads/u', range: `0-${held.length - 1}` })
        .end();
    }
    if (req.method === 'PUT') {
      held = Buffer.concat([held, req.body]);
      const digest = new URL(req.path, 'http://x').searchParams.get('digest')!;
      return res.writeHead(201, { 'docker-content-digest': digest }).end();
    }
    res.writeHead(405).end();
  });
  t.after(() => fake.close());
  await client(1000).uploadBlob(
    { registry: fake.host, repository: 'app' },
    layer.desc,
    Readable.from([data]),
  );
  assert.deepEqual(held, data, 'every byte exactly once');
  assert.deepEqual(
    fake.seen.filter((r) => r.method === 'PATCH').map((r) => r.headers['content-range']),
    ['0-999', '600-999', '1000-1999', '2000-2499'],
  );
});
