import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { digestOf, parseDigest, verifyingStream } from './digest.ts';

const data = Buffer.from('hello sigil');
const good = 'sha256:' + createHash('sha256').update(data).digest('hex');

async function drain(chunks: Buffer[], expected: { digest: string; size?: number }) {
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), verifyingStream(expected), async (src) => {
    for await (const c of src) out.push(c as Buffer);
  });
  return Buffer.concat(out);
}

test('digestOf matches node crypto', () => assert.equal(digestOf(data), good));

test('parseDigest rejects malformed digests with DIGEST_INVALID', () => {
  for (const bad of ['sha256:abc', 'md5:' + 'a'.repeat(32), 'sha256:' + 'A'.repeat(64), '']) {
    assert.throws(() => parseDigest(bad), { code: 'DIGEST_INVALID' });
  }
});

test('verifyingStream passes exact content through', async () => {
  const out = await drain([data.subarray(0, 3), data.subarray(3)], {
    digest: good,
    size: data.length,
  });
  assert.deepEqual(out, data);
});

test('verifyingStream fails on a flipped byte, truncation and excess', async () => {
  const flipped = Buffer.from(data);
  flipped[0] = flipped[0]! ^ 1;
  await assert.rejects(drain([flipped], { digest: good, size: data.length }), {
    code: 'DIGEST_MISMATCH',
  });
  await assert.rejects(drain([data.subarray(0, 4)], { digest: good, size: data.length }), {
    code: 'BLOB_TRUNCATED',
  });
  await assert.rejects(drain([data, data], { digest: good, size: data.length }), {
    code: 'BLOB_TOO_LARGE',
  });
});
