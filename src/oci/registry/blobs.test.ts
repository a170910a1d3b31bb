import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { RegistryClient } from './client.ts';
import { startFake } from '../../../test/helpers/fake-registry.ts';
import { blob } from '../../../test/helpers/oci-builders.ts';
import { MEDIA_TYPES } from '../media-types.ts';

const data = Buffer.from('x'.repeat(10_000));
const layer = blob(data, MEDIA_TYPES.ociLayerGzip);
const client = () => new RegistryClient({ env: {}, credentials: () => Promise.resolve(undefined) });

async function drain(s: Readable): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of s) out.push(c as Buffer);
  return Buffer.concat(out);
}

test('blob bytes are verified while streaming', async (t) => {
  const fake = await startFake((req, res) => {
    const kind = req.path.split('/')[2];
    if (kind === 'ok') return res.writeHead(200, { 'content-length': data.length }).end(data);
    if (kind === 'flipped') {
      const bad = Buffer.from(data);
      bad[9_000] = 0x79;
      return res.writeHead(200, { 'content-length': data.length }).end(bad);
    }
    if (kind === 'short') return res.writeHead(200).end(data.subarray(0, 4000));
    if (kind === 'cut') {
      res.writeHead(200, { 'content-length': data.length });
      res.write(data.subarray(0, 4000), () => res.destroy());
      return;
    }
    if (kind === 'big')
      return res
        .writeHead(200, { 'content-length': data.length + 1 })
        .end(Buffer.concat([data, Buffer.from('!')]));
    if (kind === 'bigger') return res.writeHead(200).end(Buffer.concat([data, Buffer.from('!')]));
    res.writeHead(404).end();
  });
  t.after(() => fake.close());
  const repo = (repository: string) => ({ registry: fake.host, repository });
  assert.deepEqual(await drain(await client().fetchBlob(repo('ok'), layer.desc)), data);
  await assert.rejects(drain(await client().fetchBlob(repo('flipped'), layer.desc)), {
    code: 'DIGEST_MISMATCH',
  });
  await assert.rejects(drain(await client().fetchBlob(repo('short'), layer.desc)), {
    code: 'BLOB_TRUNCATED',
  });
  await assert.rejects(drain(await client().fetchBlob(repo('cut'), layer.desc)), {
    code: 'BLOB_TRUNCATED',
  });
  await assert.rejects(client().fetchBlob(repo('big'), layer.desc), { code: 'BLOB_TOO_LARGE' });
  await assert.rejects(drain(await client().fetchBlob(repo('bigger'), layer.desc)), {
    code: 'BLOB_TOO_LARGE',
  });
  await assert.rejects(client().fetchBlob(repo('none'), layer.desc), { code: 'BLOB_UNKNOWN' });
});

test("the caller's abort signal stops a blob mid-stream", async (t) => {
  const fake = await startFake((_req, res) => {
    res.writeHead(200, { 'content-length': data.length });
    res.write(data.subarray(0, 100));
  });
  t.after(() => fake.close());
  const controller = new AbortController();
  const stream = await client().fetchBlob(
    { registry: fake.host, repository: 'a' },
    layer.desc,
    controller.signal,
  );
  setTimeout(() => controller.abort(new Error('user cancelled')), 50);
  const started = Date.now();
  await assert.rejects(drain(stream));
  assert.ok(Date.now() - started < 5000, 'did not wait for the idle timeout');
});
