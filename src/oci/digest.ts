import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { OciError } from './errors.ts';

/** OCI image spec §descriptor "Digests": algorithm ":" encoded. */
const DIGEST_RE = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export type DigestAlgorithm = 'sha256' | 'sha512';

/** Throws DIGEST_INVALID unless `digest` is a well-formed sha256/sha512 digest. */
export function parseDigest(digest: string): { algorithm: DigestAlgorithm; hex: string } {
  if (!DIGEST_RE.test(digest)) {
    throw new OciError('DIGEST_INVALID', `invalid digest ${JSON.stringify(digest.slice(0, 140))}`);
  }
  const [algorithm, hex] = digest.split(':') as [DigestAlgorithm, string];
  return { algorithm, hex };
}

export function isDigest(s: string): boolean {
  return DIGEST_RE.test(s);
}

/** sha256 digest of bytes, as `sha256:<hex>`. */
export function digestOf(bytes: Uint8Array, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** Throws DIGEST_MISMATCH when `bytes` do not hash to `expected`. */
export function verifyBytes(bytes: Uint8Array, expected: string, what = 'content'): void {
  const { algorithm } = parseDigest(expected);
  const actual = digestOf(bytes, algorithm);
  if (actual !== expected) {
    throw new OciError('DIGEST_MISMATCH', `${what}: expected ${expected}, got ${actual}`);
  }
}

/**
 * A pass-through stream that hashes and counts what flows, and fails before its end with
 * DIGEST_MISMATCH, BLOB_TRUNCATED or BLOB_TOO_LARGE: a consumer that sees the stream end
 * cleanly has seen exactly the bytes the descriptor names.
 */
export function verifyingStream(
  expected: { digest: string; size?: number },
  what = 'blob',
): Transform {
  const { algorithm } = parseDigest(expected.digest);
  const hash = createHash(algorithm);
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (expected.size !== undefined && seen > expected.size) {
        return done(
          new OciError(
            'BLOB_TOO_LARGE',
            `${what} ${expected.digest}: more than the ${expected.size} bytes its descriptor declares`,
          ),
        );
      }
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      if (expected.size !== undefined && seen < expected.size) {
        return done(
          new OciError(
            'BLOB_TRUNCATED',
            `${what} ${expected.digest}: got ${seen} of ${expected.size} bytes`,
          ),
        );
      }
      const actual = `${algorithm}:${hash.digest('hex')}`;
      if (actual !== expected.digest) {
        return done(
          new OciError('DIGEST_MISMATCH', `${what}: expected ${expected.digest}, got ${actual}`),
        );
      }
      done();
    },
  });
}
