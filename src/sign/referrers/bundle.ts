import type { KeyObject } from 'node:crypto';
import { SIGN_MEDIA_TYPES } from '../constants.ts';
import { envelopeFromJson, verifyDsse } from '../dsse.ts';
import { parseStatement, statementCovers } from '../in-toto.ts';
import { verifyBytesSignature } from '../primitives.ts';
import { isJsonObject, parseStrictJson } from '../strict-json.ts';
import type { ImageFailureReason } from '../verify-image.ts';
import { isSigilError } from '../../core/index.ts';

/** Largest Sigstore bundle read from a referrer (certificates and tlog entries included). */
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

/** What a bundle that verified proved. */
export type BundleContent =
  | { readonly kind: 'message-signature' }
  | { readonly kind: 'dsse'; readonly predicateType: string };

export type BundleOutcome =
  | { readonly kind: 'verified'; readonly content: BundleContent; readonly keyIndex: number }
  | { readonly kind: 'failed'; readonly reason: ImageFailureReason; readonly message: string };

/**
 * A key-signed Sigstore bundle v0.3 (sigstore protobuf-specs `bundle.proto`) for the image
 * whose manifest is `manifestBytes`: a message signature over the manifest (its
 * `messageDigest` must be the image digest), or a DSSE in-toto statement naming the image.
 */
export function buildMessageSignatureBundle(manifestDigestHex: string, signature: Uint8Array) {
  return {
    mediaType: SIGN_MEDIA_TYPES.sigstoreBundleV03,
    verificationMaterial: { publicKey: { hint: '' } },
    messageSignature: {
      messageDigest: {
        algorithm: 'SHA2_256',
        digest: Buffer.from(manifestDigestHex, 'hex').toString('base64'),
      },
      signature: Buffer.from(signature).toString('base64'),
    },
  };
}

/**
 * Verify a bundle's bytes against the image (`imageDigest`, its `manifestBytes`) with `keys`.
 * Only key-based bundles: certificates and transparency-log entries are not checked here.
 * Required annotations fail: neither form carries cosign's signed `optional` annotations.
 */
export function verifyBundle(
  bytes: Uint8Array,
  imageDigest: string,
  manifestBytes: Uint8Array,
  keys: readonly KeyObject[],
  annotations: Readonly<Record<string, string>> | undefined,
): BundleOutcome {
  let doc: unknown;
  try {
    doc = parseStrictJson(bytes, {
      maxBytes: MAX_BUNDLE_BYTES,
      maxDepth: 16,
      code: 'PAYLOAD_INVALID',
      what: 'sigstore bundle',
    });
  } catch (err) {
    if (!isSigilError(err)) throw err;
    return fail('PAYLOAD_INVALID', err.message);
  }
  if (!isJsonObject(doc)) return fail('PAYLOAD_INVALID', 'bundle is not an object');
  if (annotations !== undefined && Object.keys(annotations).length > 0) {
    return fail('ANNOTATION_MISMATCH', 'a bundle carries no signed annotations to match -a');
  }
  if (isJsonObject(doc['messageSignature'])) {
    return verifyMessageSignature(doc['messageSignature'], imageDigest, manifestBytes, keys);
  }
  if (doc['dsseEnvelope'] !== undefined)
    return verifyDsseBundle(doc['dsseEnvelope'], imageDigest, keys);
  return fail('PAYLOAD_INVALID', 'bundle has neither messageSignature nor dsseEnvelope');
}

function verifyMessageSignature(
  ms: Record<string, unknown>,
  imageDigest: string,
  manifestBytes: Uint8Array,
  keys: readonly KeyObject[],
): BundleOutcome {
  const md = ms['messageDigest'];
  const sig = ms['signature'];
  if (!isJsonObject(md) || md['algorithm'] !== 'SHA2_256' || typeof md['digest'] !== 'string') {
    return fail('PAYLOAD_INVALID', 'messageDigest must be SHA2_256');
  }
  if (typeof sig !== 'string') return fail('PAYLOAD_INVALID', 'no signature');
  const hex = Buffer.from(md['digest'], 'base64').toString('hex');
  // The digest is what binds the signature to this image: a bundle moved from another
  // image names that image's digest.
  if (`sha256:${hex}` !== imageDigest) {
    return fail('DIGEST_MISMATCH', `bundle signs sha256:${hex}, not ${imageDigest}`);
  }
  const signature = Buffer.from(sig, 'base64');
  for (const [keyIndex, key] of keys.entries()) {
    if (verifyBytesSignature(key, manifestBytes, signature)) {
      return { kind: 'verified', content: { kind: 'message-signature' }, keyIndex };
    }
  }
  return fail('SIGNATURE_MISMATCH', 'no trusted key verifies it');
}

function verifyDsseBundle(
  raw: unknown,
  imageDigest: string,
  keys: readonly KeyObject[],
): BundleOutcome {
  try {
    const r = verifyDsse(envelopeFromJson(raw), keys, SIGN_MEDIA_TYPES.inToto);
    if (r.kind === 'failed') return fail(r.reason, r.message);
    const statement = parseStatement(r.payload);
    if (!statementCovers(statement, imageDigest)) {
      return fail('SUBJECT_MISMATCH', `statement subjects do not include ${imageDigest}`);
    }
    return {
      kind: 'verified',
      content: { kind: 'dsse', predicateType: statement.predicateType },
      keyIndex: r.keyIndex,
    };
  } catch (err) {
    if (!isSigilError(err)) throw err;
    return fail('PAYLOAD_INVALID', err.message);
  }
}

function fail(reason: ImageFailureReason, message: string): BundleOutcome {
  return { kind: 'failed', reason, message };
}
