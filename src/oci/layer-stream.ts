import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { OciError } from './errors.ts';
import { readTar, type TarEntry } from './tar/index.ts';
import type { Descriptor } from './types.ts';
import type { ImageSource } from './transport.ts';

export interface LayerReadOptions {
  /**
   * Most uncompressed bytes one layer may expand to (a decompression bomb stops here with
   * LAYER_TOO_LARGE). Default 32 GiB.
   */
  readonly maxUncompressedBytes?: number;
  readonly signal?: AbortSignal;
}

const DEFAULT_MAX_UNCOMPRESSED = 32 * 1024 ** 3;
const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
// Output chunk of the decompressors: each chunk is one thread-pool round trip, so the 16 KiB
// default spends more time waiting than inflating.
const DECODE_CHUNK = 256 * 1024;

/**
 * The members of a layer, in one streaming pass: the blob is fetched (and verified against its
 * digest while it flows), decompressed as its first bytes say (gzip, zstd, or plain tar, what
 * ever the media type claims), and read as tar. Memory does not grow with the layer's size.
 *
 * @example for await (const e of readLayer(src, desc)) console.log(e.header.path);
 */
export async function* readLayer(
  src: ImageSource,
  desc: Descriptor,
  opts: LayerReadOptions = {},
): AsyncGenerator<TarEntry> {
  const blob = await src.fetchBlob(desc, opts.signal);
  const max = opts.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED;
  const tar = decompressing(blob, desc.digest, max);
  const chunks = tar[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    // The tar reader stops at the end-of-archive blocks and would close its input there; keep
    // the input open and read what follows, so the digest check (and the decompressor's own
    // checksum) still run over every byte of the blob before the layer counts as read.
    yield* readTar({ [Symbol.asyncIterator]: () => keepOpen(chunks) });
    while (!(await chunks.next()).done);
  } finally {
    tar.destroy();
    blob.destroy();
  }
}

function keepOpen(it: AsyncIterator<Buffer>): AsyncIterator<Buffer> {
  return { next: () => it.next(), return: async () => ({ done: true, value: undefined }) };
}

// Sniff the first bytes, then pipe through the matching decompressor and a size bound.
function decompressing(blob: Readable, digest: string, max: number): Readable {
  let decoder: Transform | undefined;
  let seen = 0;
  const bound = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > max) {
        return done(new OciError('LAYER_TOO_LARGE', `layer ${digest} expands beyond ${max} bytes`));
      }
      done(null, chunk);
    },
  });
  const sniff = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (decoder === undefined) {
        decoder = startsWith(chunk, GZIP_MAGIC)
          ? createGunzip({ chunkSize: DECODE_CHUNK })
          : startsWith(chunk, ZSTD_MAGIC)
            ? createZstdDecompress({ chunkSize: DECODE_CHUNK })
            : new Transform({ transform: (c, _e, d) => d(null, c) });
        decoder.on('error', (err) =>
          bound.destroy(
            new OciError('LAYER_INVALID', `layer ${digest}: ${err.message}`, { cause: err }),
          ),
        );
        decoder.pipe(bound);
      }
      if (!decoder.write(chunk)) decoder.once('drain', () => done());
      else done();
    },
    flush(done: TransformCallback) {
      if (decoder === undefined) bound.end();
      else decoder.end();
      done();
    },
  });
  blob.on('error', (err) => bound.destroy(err));
  blob.pipe(sniff);
  sniff.resume();
  return bound;
}

function startsWith(chunk: Buffer, magic: readonly number[]): boolean {
  return magic.every((b, i) => chunk[i] === b);
}
