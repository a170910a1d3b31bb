import { SignError } from '../errors.ts';

/** Key and certificate files are small; anything larger is not a key. */
export const MAX_KEY_FILE_BYTES = 256 * 1024;

export interface PemBlock {
  readonly type: string;
  readonly bytes: Buffer;
}

const BLOCK_RE = /-----BEGIN ([A-Z0-9 ]{1,64})-----\r?\n([\s\S]*?)-----END \1-----/g;

/**
 * All PEM blocks in `text`, in order (RFC 7468). Header lines such as `Proc-Type:` are skipped,
 * as Go's `pem.Decode` does.
 */
export function decodePem(input: string | Uint8Array): PemBlock[] {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (text.length > MAX_KEY_FILE_BYTES) {
    throw new SignError('KEY_INVALID', `key file larger than ${MAX_KEY_FILE_BYTES} bytes`);
  }
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK_RE)) {
    const body = (m[2] ?? '')
      .split(/\r?\n/)
      .filter((line) => !line.includes(':'))
      .join('')
      .replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) {
      throw new SignError('KEY_INVALID', `PEM block ${m[1]}: body is not base64`);
    }
    blocks.push({ type: m[1] ?? '', bytes: Buffer.from(body, 'base64') });
  }
  return blocks;
}

/** The first PEM block, or KEY_INVALID when there is none. */
export function firstPemBlock(input: string | Uint8Array, what: string): PemBlock {
  const block = decodePem(input)[0];
  if (block === undefined) throw new SignError('KEY_INVALID', `${what}: no PEM block found`);
  return block;
}

/** PEM as Go's `pem.EncodeToMemory` writes it: 64-character lines. */
export function encodePem(type: string, bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}
