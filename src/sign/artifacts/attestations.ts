import { isSigilError } from '../../core/index.ts';
import {
  IN_TOTO_STATEMENT_V01,
  IN_TOTO_STATEMENT_V1,
  SIGN_ANNOTATIONS,
  SIGN_MEDIA_TYPES,
} from '../constants.ts';
import {
  MAX_ENVELOPE_BYTES,
  parseDsseEnvelope,
  serializeDsse,
  signDsse,
  type DsseEnvelope,
} from '../dsse.ts';
import { imageStatement, serializeStatement } from '../in-toto.ts';
import type { SigningKey } from '../keys/load.ts';
import {
  annotation,
  appendLayer,
  readLayers,
  type AttachResult,
  type SkippedLayer,
} from './attach.ts';
import type { ArtifactStore } from './store.ts';

/** Sum of attestation envelopes read for one image. */
export const MAX_ATTESTATION_READ_BYTES = 256 * 1024 * 1024;

export interface StoredAttestation {
  readonly layerDigest: string;
  readonly envelope: DsseEnvelope;
  /** The layer's `predicateType` annotation: a hint for filtering, unauthenticated. */
  readonly predicateType?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface AttachAttestationInput {
  readonly imageDigest: string;
  /** The DSSE envelope JSON, stored as the layer blob. */
  readonly envelope: Uint8Array;
  readonly predicateType: string;
  readonly certificate?: string;
  readonly chain?: string;
  readonly bundle?: string;
}

/**
 * Attach an attestation as cosign does (`cosign attest`): one layer holding the DSSE envelope,
 * media type `application/vnd.dsse.envelope.v1+json`, annotations `predicateType` and an empty
 * `dev.cosignproject.cosign/signature` (the signature lives inside the envelope), under
 * `sha256-<hex>.att`.
 */
export function attachAttestation(
  store: ArtifactStore,
  input: AttachAttestationInput,
): Promise<AttachResult> {
  const annotations: Record<string, string> = {
    [SIGN_ANNOTATIONS.signature]: '',
    [SIGN_ANNOTATIONS.predicateType]: input.predicateType,
  };
  if (input.certificate !== undefined)
    annotations[SIGN_ANNOTATIONS.certificate] = input.certificate;
  if (input.chain !== undefined) annotations[SIGN_ANNOTATIONS.chain] = input.chain;
  if (input.bundle !== undefined) annotations[SIGN_ANNOTATIONS.bundle] = input.bundle;
  return appendLayer(store, input.imageDigest, 'attestation', {
    mediaType: SIGN_MEDIA_TYPES.dsseEnvelope,
    bytes: input.envelope,
    annotations,
  });
}

export interface AttestImageInput {
  readonly imageDigest: string;
  /** Statement subject name; cosign uses the repository (`cosignIdentity(ref)`). */
  readonly subjectName: string;
  readonly predicateType: string;
  readonly predicate: unknown;
  readonly key: SigningKey;
  /** Default Statement v1; v0.1 for consumers that only know what cosign writes. */
  readonly statementType?: typeof IN_TOTO_STATEMENT_V1 | typeof IN_TOTO_STATEMENT_V01;
}

/**
 * `cosign attest --key`: wrap the predicate in an in-toto Statement v1 about the image, sign
 * it into a DSSE envelope, attach it.
 */
export function attestImage(store: ArtifactStore, input: AttestImageInput): Promise<AttachResult> {
  const statement = imageStatement(
    input.subjectName,
    input.imageDigest,
    input.predicateType,
    input.predicate,
    input.statementType,
  );
  const envelope = signDsse(
    SIGN_MEDIA_TYPES.inToto,
    serializeStatement(statement),
    input.key.privateKey,
  );
  return attachAttestation(store, {
    imageDigest: input.imageDigest,
    envelope: serializeDsse(envelope),
    predicateType: input.predicateType,
  });
}

/** The attestations attached to `imageDigest`; unreadable layers go to `skipped`. */
export async function listAttestations(
  store: ArtifactStore,
  imageDigest: string,
): Promise<{ attestations: StoredAttestation[]; skipped: SkippedLayer[] }> {
  const { layers, skipped } = await readLayers(
    store,
    imageDigest,
    'attestation',
    SIGN_MEDIA_TYPES.dsseEnvelope,
    { maxBytes: MAX_ENVELOPE_BYTES, maxTotalBytes: MAX_ATTESTATION_READ_BYTES },
  );
  const attestations: StoredAttestation[] = [];
  for (const { descriptor, bytes } of layers) {
    try {
      const predicateType = annotation(descriptor, SIGN_ANNOTATIONS.predicateType);
      attestations.push({
        layerDigest: descriptor.digest,
        envelope: parseDsseEnvelope(bytes),
        ...(predicateType !== undefined && { predicateType }),
        annotations: descriptor.annotations ?? {},
      });
    } catch (err) {
      if (!isSigilError(err)) throw err;
      skipped.push({ digest: descriptor.digest, reason: `${err.code}: ${err.message}` });
    }
  }
  return { attestations, skipped };
}
