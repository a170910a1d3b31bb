import assert from 'node:assert/strict';
import { Readable, PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { test } from 'node:test';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { digestOf, verifyingStream } from './digest.ts';
import { readLayer } from './layer-stream.ts';
import { TarWriter } from './tar/index.ts';
import type { ImageSource } from './transport.ts';
import type { Descriptor } from './types.ts';

const FILES = { 'etc/os-release': 'ID=debian\n', 'usr/bin/tool': 'x'.repeat(5000) };

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const out = new PassThrough();
  const done = buffer(out);
  const tar = new TarWriter(out);
  for (const [path, body] of Object.entries(files)) await tar.add({ path }, Buffer.from(body));
  await tar.finish();
  return done;
}

// A source that serves one blob and verifies it against the descriptor, as every transport does.
function sourceOf(bytes: Buffer): ImageSource {
  return {
    fetchBlob: async (desc: Descriptor) => Readable.from(chunks(bytes)).pipe(verifyingStream(desc)),
  } as unknown as ImageSource;
}

function* chunks(bytes: Buffer): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += 16_384) yield bytes.subarray(i, i + 16_384);
}

const descOf = (bytes: Buffer, digest = digestOf(bytes)): Descriptor => ({
  mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
  digest,
  size: bytes.length,
});

async function members(bytes: Buffer, desc = descOf(bytes), max?: number) {
  const got: Record<string, string> = {};
  const opts = max === undefined ? {} : { maxUncompressedBytes: max };
  for await (const e of readLayer(sourceOf(bytes), desc, opts)) {
    got[e.header.path] = (await buffer(e.body)).toString();
  }
  return got;
}

test('readLayer reads plain, gzip and zstd layers alike, whatever the media type says', async () => {
  const tar = await tarOf(FILES);
  for (const bytes of [tar, gzipSync(tar), zstdCompressSync(tar)]) {
    assert.deepEqual(await members(bytes), FILES);
  }
});

test('a truncated gzip layer fails with LAYER_INVALID instead of hanging', async () => {
  const gz = gzipSync(await tarOf(FILES));
  const cut = gz.subarray(0, Math.floor(gz.length / 2));
  await assert.rejects(members(cut), { code: 'LAYER_INVALID' });
});

test('a decompression bomb stops at maxUncompressedBytes with LAYER_TOO_LARGE', async () => {
  // 8 MiB of zeros compress to ~8 KiB; a zero block is also a valid tar end marker, so
  // make the zeros the body of one huge member.
  const header = await tarOf({ big: '' });
  const bomb = Buffer.concat([header.subarray(0, 512), Buffer.alloc(8 * 1024 * 1024)]);
  bomb.write('0000040000000\0'.slice(0, 12), 124, 'latin1'); // size field: 8 MiB (octal 40000000)
  fixChecksum(bomb);
  const gz = gzipSync(bomb);
  assert.ok(gz.length < 200_000);
  const started = Date.now();
  await assert.rejects(members(gz, descOf(gz), 1024 * 1024), { code: 'LAYER_TOO_LARGE' });
  assert.ok(Date.now() - started < 5000);
});

test('a layer whose bytes do not match its digest fails with DIGEST_MISMATCH', async () => {
  const gz = gzipSync(await tarOf(FILES));
  const other = digestOf(Buffer.from('something else'));
  await assert.rejects(members(gz, descOf(gz, other)), { code: 'DIGEST_MISMATCH' });
});

test('bytes past the end-of-archive marker are still verified against the digest', async () => {
  // The tar reader stops at the two zero blocks; the verification must not stop with it.
  const tar = Buffer.concat([await tarOf(FILES), Buffer.alloc(4 * 1024 * 1024)]);
  const other = digestOf(Buffer.from('not this'));
  await assert.rejects(members(tar, descOf(tar, other)), { code: 'DIGEST_MISMATCH' });
});

function fixChecksum(block: Buffer): void {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += block[i]!;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
}
