import type { KeyObject } from 'node:crypto';
import { isSigilError, type Clock } from '../core/index.ts';
import { listAttestations } from './artifacts/attestations.ts';
import { listSignatures } from './artifacts/signatures.ts';
import type { ArtifactStore } from './artifacts/store.ts';
import { SIGN_MEDIA_TYPES } from './constants.ts';
import { verifyDsse } from './dsse.ts';
import { identityMatches, type IdentityMatch } from './identity.ts';
import { parseStatement, statementCovers, type InTotoStatement } from './in-toto.ts';
import type { SimpleSigningPayload } from './payload.ts';
import { verifySimpleSigning, type VerifyFailureReason } from './simple-signing.ts';

export type ImageFailureReason =
  | VerifyFailureReason
  | 'IDENTITY_MISMATCH'
  | 'UNREADABLE'
  | 'PAYLOAD_TYPE_MISMATCH'
  | 'SUBJECT_MISMATCH'
  | 'PREDICATE_TYPE_MISMATCH';

/** One signature or attestation layer that did not verify, and why. */
export interface TriedLayer {
  readonly digest: string;
  readonly reason: ImageFailureReason;
  readonly message: string;
}

export interface VerifiedSignature {
  readonly layerDigest: string;
  readonly payload: SimpleSigningPayload;
  /** Index into `keys` of the key that verified it. */
  readonly keyIndex: number;
}

export type VerifyImageResult =
  | { readonly kind: 'verified'; readonly signatures: readonly VerifiedSignature[] }
  | { readonly kind: 'unverified'; readonly tried: readonly TriedLayer[] };

export interface VerifyImageSignaturesOptions {
  /** Digest of the image manifest (resolved by the caller; never a tag). */
  readonly imageDigest: string;
  readonly store: ArtifactStore;
  /** Trusted public keys; a signature verifying with any one of them counts. */
  readonly keys: readonly KeyObject[];
  /** `-a key=value` annotations every accepted signature must carry. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Optional containers/image-style check of the payload's `docker-reference`. */
  readonly identity?: { readonly reference: string; readonly match: IdentityMatch };
  /** Reserved for certificate validity in keyless verification; key-based checks are timeless. */
  readonly clock?: Clock;
}

/**
 * Verify the cosign signatures of an image with public keys, as `cosign verify --key` does:
 * verified when at least one signature verifies, is bound to `imageDigest` and carries the
 * required annotations. Never prints; every rejected layer is reported with its reason.
 *
 * @example
 *   const r = await verifyImageSignatures({ imageDigest, store, keys: [loadPublicKey(pem)] });
 *   if (r.kind === 'unverified') deny(r.tried);
 */
export async function verifyImageSignatures(
  opts: VerifyImageSignaturesOptions,
): Promise<VerifyImageResult> {
  const { signatures: stored, skipped } = await listSignatures(opts.store, opts.imageDigest);
  const tried: TriedLayer[] = skipped.map((s) => ({
    digest: s.digest,
    reason: 'UNREADABLE',
    message: s.reason,
  }));
  const verified: VerifiedSignature[] = [];
  for (const sig of stored) {
    const outcome = verifyOne(opts, sig.payload, sig.signatureB64);
    if (outcome.kind === 'verified') verified.push({ layerDigest: sig.layerDigest, ...outcome });
    else tried.push({ digest: sig.layerDigest, reason: outcome.reason, message: outcome.message });
  }
  return verified.length > 0
    ? { kind: 'verified', signatures: verified }
    : { kind: 'unverified', tried };
}

type Outcome =
  | { kind: 'verified'; payload: SimpleSigningPayload; keyIndex: number }
  | { kind: 'failed'; reason: ImageFailureReason; message: string };

// Try every key; report the failure that got furthest (a signature that verified but names
// another digest says more than "no key matches").
function verifyOne(
  opts: VerifyImageSignaturesOptions,
  payload: Uint8Array,
  signatureB64: string,
): Outcome {
  let best: Outcome = {
    kind: 'failed',
    reason: 'SIGNATURE_MISMATCH',
    message: 'no trusted key verifies it',
  };
  for (const [keyIndex, publicKey] of opts.keys.entries()) {
    const r = verifySimpleSigning({
      payload,
      signatureB64,
      publicKey,
      expectedDigest: opts.imageDigest,
      ...(opts.annotations !== undefined && { expectedAnnotations: opts.annotations }),
    });
    if (r.kind === 'failed') {
      if (r.reason !== 'SIGNATURE_MISMATCH')
        best = { kind: 'failed', reason: r.reason, message: r.message };
      continue;
    }
    const id = opts.identity;
    if (id && !identityMatches(r.payload.dockerReference, id.reference, id.match)) {
      return {
        kind: 'failed',
        reason: 'IDENTITY_MISMATCH',
        message: `signed identity ${r.payload.dockerReference} does not match ${id.reference} (${id.match})`,
      };
    }
    return { kind: 'verified', payload: r.payload, keyIndex };
  }
  return best;
}

export interface VerifiedAttestation {
  readonly layerDigest: string;
  readonly statement: InTotoStatement;
  readonly keyIndex: number;
}

export type VerifyAttestationsResult =
  | { readonly kind: 'verified'; readonly attestations: readonly VerifiedAttestation[] }
  | { readonly kind: 'unverified'; readonly tried: readonly TriedLayer[] };

export interface VerifyImageAttestationsOptions {
  readonly imageDigest: string;
  readonly store: ArtifactStore;
  readonly keys: readonly KeyObject[];
  /** Only statements of this predicateType count (compared on the signed statement). */
  readonly predicateType?: string;
}

/**
 * `cosign verify-attestation --key`: DSSE envelopes under `sha256-<hex>.att` whose signature
 * verifies with a key, whose payload is an in-toto Statement naming `imageDigest` as a subject,
 * and (when asked) of the given predicateType.
 */
export async function verifyImageAttestations(
  opts: VerifyImageAttestationsOptions,
): Promise<VerifyAttestationsResult> {
  const { attestations, skipped } = await listAttestations(opts.store, opts.imageDigest);
  const tried: TriedLayer[] = skipped.map((s) => ({
    digest: s.digest,
    reason: 'UNREADABLE',
    message: s.reason,
  }));
  const verified: VerifiedAttestation[] = [];
  for (const att of attestations) {
    const fail = (reason: ImageFailureReason, message: string) =>
      tried.push({ digest: att.layerDigest, reason, message });
    const r = verifyDsse(att.envelope, opts.keys, SIGN_MEDIA_TYPES.inToto);
    if (r.kind === 'failed') {
      fail(r.reason, r.message);
      continue;
    }
    let statement: InTotoStatement;
    try {
      statement = parseStatement(r.payload);
    } catch (err) {
      if (!isSigilError(err)) throw err;
      fail('PAYLOAD_INVALID', err.message);
      continue;
    }
    if (!statementCovers(statement, opts.imageDigest)) {
      fail('SUBJECT_MISMATCH', `statement subjects do not include ${opts.imageDigest}`);
    } else if (opts.predicateType !== undefined && statement.predicateType !== opts.predicateType) {
      fail('PREDICATE_TYPE_MISMATCH', `predicateType ${statement.predicateType}`);
    } else {
      verified.push({ layerDigest: att.layerDigest, statement, keyIndex: r.keyIndex });
    }
  }
  return verified.length > 0
    ? { kind: 'verified', attestations: verified }
    : { kind: 'unverified', tried };
}
