import { SignError } from '../errors.ts';

/** Key and certificate files are small; anything larger is not a key. */
export const MAX_KEY_FILE_BYTES = 256 * 1024;

export interface PemBlock {
  readonly type: string;
  readonly bytes: Buffer;
}

const BEGIN_RE = /^-----BEGIN ([A-Z0-9 ]{1,64})-----$/;

/**
 * All PEM blocks in `text`, in order (RFC 7468), read line by line in one pass. Header lines
 * such as `Proc-Type:` are skipped, as Go's `pem.Decode` does.
 */
export function decodePem(input: string | Uint8Array): PemBlock[] {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (text.length > MAX_KEY_FILE_BYTES) {
    throw new SignError('KEY_INVALID', `key file larger than ${MAX_KEY_FILE_BYTES} bytes`);
  }
  const blocks: PemBlock[] = [];
  let open: { type: string; body: string[] } | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (open === undefined) {
      const type = BEGIN_RE.exec(line)?.[1];
      if (type !== undefined) open = { type, body: [] };
    } else if (line === `-----END ${open.type}-----`) {
      blocks.push({ type: open.type, bytes: pemBody(open.type, open.body) });
      open = undefined;
    } else if (!line.includes(':')) {
      open.body.push(line);
    }
  }
  return blocks;
}

function pemBody(type: string, lines: readonly string[]): Buffer {
  const body = lines.join('');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) {
    throw new SignError('KEY_INVALID', `PEM block ${type}: body is not base64`);
  }
  return Buffer.from(body, 'base64');
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
