import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Fixtures copied into the repo for the signing domain (see test/fixtures/sign/PROVENANCE.md). */
export const SIGN_FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'sign');

export function fixture(rel: string): Buffer {
  return readFileSync(path.join(SIGN_FIXTURES, rel));
}

export interface DirSignature {
  readonly mimeType: string;
  readonly payload: Buffer;
  readonly annotations: Record<string, string>;
}

/**
 * A containers/image `dir:` transport `signature-N` file holding a sigstore signature:
 * `"\x00sigstore-json\n"` + JSON `{mimeType, payload (base64 layer blob), annotations}`.
 */
export function readDirSignature(rel: string): DirSignature {
  const raw = fixture(rel);
  const prefix = Buffer.from('\x00sigstore-json\n', 'latin1');
  if (!raw.subarray(0, prefix.length).equals(prefix))
    throw new Error(`${rel}: not a sigstore signature`);
  const doc = JSON.parse(raw.subarray(prefix.length).toString('utf8')) as {
    mimeType: string;
    payload: string;
    annotations: Record<string, string>;
  };
  return {
    mimeType: doc.mimeType,
    payload: Buffer.from(doc.payload, 'base64'),
    annotations: doc.annotations,
  };
}
