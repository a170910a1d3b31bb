import type { Readable } from 'node:stream';
import { OciError, type Descriptor } from '../../oci/index.ts';

/** Refuse a blob whose descriptor already says it is over `maxBytes` (BLOB_TOO_LARGE). */
export function checkBlobSize(desc: Descriptor, maxBytes: number): void {
  if (desc.size > maxBytes) {
    throw new OciError(
      'BLOB_TOO_LARGE',
      `blob ${desc.digest}: ${desc.size} bytes, limit ${maxBytes}`,
    );
  }
}

/** All of a stream, refusing more than `maxBytes` (the stream is destroyed on refusal). */
export async function readStreamBounded(
  stream: Readable,
  desc: Descriptor,
  maxBytes: number,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buf.length;
      if (size > maxBytes) {
        throw new OciError('BLOB_TOO_LARGE', `blob ${desc.digest}: over ${maxBytes} bytes`);
      }
      chunks.push(buf);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}
