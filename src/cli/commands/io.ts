import type { Readable } from 'node:stream';
import { SigilError } from '../../core/index.ts';

/** All of stdin as text, refusing more than `maxBytes`. */
export async function readStdin(stdin: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > maxBytes) throw new SigilError('INPUT_TOO_LARGE', `stdin exceeds ${maxBytes} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
