import { SIGN_ANNOTATIONS, SIGN_MEDIA_TYPES } from '../constants.ts';
import type { SigningKey } from '../keys/load.ts';
import { MAX_PAYLOAD_BYTES, buildSimpleSigningPayload, type OptionalValue } from '../payload.ts';
import { signBytes } from '../primitives.ts';
import {
  annotation,
  appendLayer,
  readLayers,
  type AttachResult,
  type SkippedLayer,
} from './attach.ts';
import type { ArtifactStore } from './store.ts';

/** Sum of signature payloads read for one image. */
export const MAX_SIGNATURE_READ_BYTES = 16 * 1024 * 1024;

/** What one signature layer carries. */
export interface StoredSignature {
  /** Digest of the layer (the payload blob). */
  readonly layerDigest: string;
  /** Payload bytes as stored: what the signature covers. */
  readonly payload: Uint8Array;
  readonly signatureB64: string;
  /** Keyless material, when present; verified by the verify domain, not here. */
  readonly certificate?: string;
  readonly chain?: string;
  readonly bundle?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface AttachSignatureInput {
  readonly imageDigest: string;
  readonly payload: Uint8Array;
  readonly signatureB64: string;
  readonly certificate?: string;
  readonly chain?: string;
  readonly bundle?: string;
}

/**
 * Attach a signature to `imageDigest` as cosign does: one layer (payload blob, media type
 * simplesigning, signature in an annotation) appended to the image under `sha256-<hex>.sig`.
 * Existing signatures are kept; an identical one is not added twice.
 */
export function attachSignature(
  store: ArtifactStore,
  input: AttachSignatureInput,
): Promise<AttachResult> {
  const annotations: Record<string, string> = { [SIGN_ANNOTATIONS.signature]: input.signatureB64 };
  if (input.certificate !== undefined)
    annotations[SIGN_ANNOTATIONS.certificate] = input.certificate;
  if (input.chain !== undefined) annotations[SIGN_ANNOTATIONS.chain] = input.chain;
  if (input.bundle !== undefined) annotations[SIGN_ANNOTATIONS.bundle] = input.bundle;
  return appendLayer(store, input.imageDigest, 'signature', {
    mediaType: SIGN_MEDIA_TYPES.simpleSigning,
    bytes: input.payload,
    annotations,
  });
}

export interface SignImageInput {
  readonly imageDigest: string;
  /** `docker-reference` to claim; `cosignIdentity(ref)` gives what cosign writes. */
  readonly dockerReference: string;
  readonly key: SigningKey;
  /** `cosign sign -a key=value`. */
  readonly annotations?: Readonly<Record<string, OptionalValue>>;
}

/**
 * `cosign sign --key`: build the payload, sign it, attach it.
 *
 * @example await signImage(store, { imageDigest, dockerReference: cosignIdentity(ref), key });
 */
export function signImage(store: ArtifactStore, input: SignImageInput): Promise<AttachResult> {
  const payload = buildSimpleSigningPayload({
    dockerReference: input.dockerReference,
    manifestDigest: input.imageDigest,
    ...(input.annotations !== undefined && { annotations: input.annotations }),
  });
  const signatureB64 = Buffer.from(signBytes(input.key.privateKey, payload)).toString('base64');
  return attachSignature(store, { imageDigest: input.imageDigest, payload, signatureB64 });
}

/**
 * The signatures attached to `imageDigest`. Layers that cannot be read (too large, missing,
 * wrong digest, no signature annotation) are listed in `skipped`.
 */
export async function listSignatures(
  store: ArtifactStore,
  imageDigest: string,
): Promise<{ signatures: StoredSignature[]; skipped: SkippedLayer[] }> {
  const { layers, skipped } = await readLayers(
    store,
    imageDigest,
    'signature',
    SIGN_MEDIA_TYPES.simpleSigning,
    { maxBytes: MAX_PAYLOAD_BYTES, maxTotalBytes: MAX_SIGNATURE_READ_BYTES },
  );
  const signatures: StoredSignature[] = [];
  for (const { descriptor, bytes } of layers) {
    const signatureB64 = annotation(descriptor, SIGN_ANNOTATIONS.signature);
    if (signatureB64 === undefined || signatureB64 === '') {
      skipped.push({ digest: descriptor.digest, reason: 'no signature annotation' });
      continue;
    }
    const certificate = annotation(descriptor, SIGN_ANNOTATIONS.certificate);
    const chain = annotation(descriptor, SIGN_ANNOTATIONS.chain);
    const bundle = annotation(descriptor, SIGN_ANNOTATIONS.bundle);
    signatures.push({
      layerDigest: descriptor.digest,
      payload: bytes,
      signatureB64,
      ...(certificate !== undefined && { certificate }),
      ...(chain !== undefined && { chain }),
      ...(bundle !== undefined && { bundle }),
      annotations: descriptor.annotations ?? {},
    });
  }
  return { signatures, skipped };
}
