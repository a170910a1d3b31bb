import type { KeyObject } from 'node:crypto';
import { isSigilError } from '../core/index.ts';
import { parseSimpleSigningPayload, type SimpleSigningPayload } from './payload.ts';
import { verifyBytesSignature } from './primitives.ts';

/** Why a signature did not verify; stable strings, shown to users and asserted by tests. */
export type VerifyFailureReason =
  | 'SIGNATURE_ENCODING'
  | 'SIGNATURE_MISMATCH'
  | 'PAYLOAD_INVALID'
  | 'DIGEST_MISMATCH'
  | 'ANNOTATION_MISMATCH'
  | 'KEY_UNSUPPORTED';

export type SimpleSigningResult =
  | { readonly kind: 'verified'; readonly payload: SimpleSigningPayload }
  | { readonly kind: 'failed'; readonly reason: VerifyFailureReason; readonly message: string };

export interface VerifySimpleSigningInput {
  /** The payload exactly as stored (the layer blob): the signature covers these bytes. */
  readonly payload: Uint8Array;
  /** Value of the `dev.cosignproject.cosign/signature` annotation. */
  readonly signatureB64: string;
  readonly publicKey: KeyObject;
  /** Digest of the image manifest being verified. */
  readonly expectedDigest: string;
  /** `cosign verify -a key=value`: each must appear in the payload's `optional`, equal. */
  readonly expectedAnnotations?: Readonly<Record<string, string>>;
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Verify a cosign simple-signing signature: the signature over the payload bytes, then the
 * payload's binding to `expectedDigest` (a valid signature for another image must not pass:
 * that is a moved signature), then annotations. The payload is parsed only after its
 * signature checked out.
 *
 * @example
 *   const r = verifySimpleSigning({ payload, signatureB64, publicKey, expectedDigest });
 *   if (r.kind === 'failed') console.error(r.reason);
 */
export function verifySimpleSigning(input: VerifySimpleSigningInput): SimpleSigningResult {
  // Go's base64 decoder skips CR and LF, and some signers wrap the annotation value in lines.
  const signatureB64 =
    input.signatureB64.length <= 16384 ? input.signatureB64.replace(/[\r\n]/g, '') : '';
  if (signatureB64.length === 0 || !B64.test(signatureB64)) {
    return failed('SIGNATURE_ENCODING', 'signature annotation is not base64');
  }
  let ok: boolean;
  try {
    ok = verifyBytesSignature(input.publicKey, input.payload, Buffer.from(signatureB64, 'base64'));
  } catch (err) {
    if (isSigilError(err, 'KEY_UNSUPPORTED')) return failed('KEY_UNSUPPORTED', err.message);
    throw err;
  }
  if (!ok) return failed('SIGNATURE_MISMATCH', 'signature does not verify with the given key');
  let payload: SimpleSigningPayload;
  try {
    payload = parseSimpleSigningPayload(input.payload);
  } catch (err) {
    if (isSigilError(err)) return failed('PAYLOAD_INVALID', err.message);
    throw err;
  }
  if (payload.manifestDigest !== input.expectedDigest) {
    return failed(
      'DIGEST_MISMATCH',
      `payload signs ${payload.manifestDigest}, not the image ${input.expectedDigest}`,
    );
  }
  const wrong = annotationMismatch(payload, input.expectedAnnotations ?? {});
  if (wrong !== undefined)
    return failed('ANNOTATION_MISMATCH', `annotation ${JSON.stringify(wrong)} does not match`);
  return { kind: 'verified', payload };
}

function annotationMismatch(
  payload: SimpleSigningPayload,
  expected: Readonly<Record<string, string>>,
): string | undefined {
  for (const [key, value] of Object.entries(expected)) {
    const have =
      payload.optional !== null && Object.hasOwn(payload.optional, key)
        ? payload.optional[key]
        : undefined;
    if (have !== value) return key;
  }
  return undefined;
}

function failed(reason: VerifyFailureReason, message: string): SimpleSigningResult {
  return { kind: 'failed', reason, message };
}
