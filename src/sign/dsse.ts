import type { KeyObject } from 'node:crypto';
import { SignError } from './errors.ts';
import { signBytes, verifyBytesSignature } from './primitives.ts';
import { goJson, isJsonObject, parseStrictJson } from './strict-json.ts';

/** DSSE envelope (secure-systems-lab/dsse envelope.md v1.0). */
export interface DsseEnvelope {
  readonly payloadType: string;
  /** Base64 of the payload bytes. */
  readonly payload: string;
  readonly signatures: readonly DsseSignature[];
}

export interface DsseSignature {
  readonly keyid?: string;
  /** Base64 of the signature over PAE(payloadType, payload). */
  readonly sig: string;
}

/** Attestations carry whole SBOMs; bound them well above real ones but below memory trouble. */
export const MAX_ENVELOPE_BYTES = 64 * 1024 * 1024;
const MAX_SIGNATURES = 32;

/**
 * Pre-Authentication Encoding (DSSE protocol.md): the bytes actually signed, so the payload
 * type is authenticated too and no parse of the payload is needed before verification.
 * `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths in ASCII decimal bytes.
 */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'utf8'),
    type,
    Buffer.from(` ${payload.length} `, 'utf8'),
    payload,
  ]);
}

/**
 * Sign `payload` into an envelope with one signature, as cosign's DSSE signer does (ECDSA in
 * DER, `keyid` empty).
 *
 * @example const env = signDsse('application/vnd.in-toto+json', statementBytes, key.privateKey);
 */
export function signDsse(
  payloadType: string,
  payload: Uint8Array,
  privateKey: KeyObject,
  keyid = '',
): DsseEnvelope {
  const sig = signBytes(privateKey, pae(payloadType, payload));
  return {
    payloadType,
    payload: Buffer.from(payload).toString('base64'),
    signatures: [{ keyid, sig: Buffer.from(sig).toString('base64') }],
  };
}

/** Envelope JSON in Go struct order (`payloadType`, `payload`, `signatures[{keyid,sig}]`). */
export function serializeDsse(envelope: DsseEnvelope): Uint8Array {
  return Buffer.from(
    goJson({
      payloadType: envelope.payloadType,
      payload: envelope.payload,
      signatures: envelope.signatures.map((s) => ({ keyid: s.keyid ?? '', sig: s.sig })),
    }),
    'utf8',
  );
}

/** Parse an envelope strictly and boundedly; ENVELOPE_INVALID when malformed. */
export function parseDsseEnvelope(
  bytes: Uint8Array | string,
  maxBytes = MAX_ENVELOPE_BYTES,
): DsseEnvelope {
  const doc = parseStrictJson(bytes, {
    maxBytes,
    maxDepth: 8,
    code: 'ENVELOPE_INVALID',
    what: 'DSSE envelope',
  });
  return envelopeFromJson(doc);
}

/** Validate an already-parsed envelope object (e.g. `dsseEnvelope` of a sigstore bundle). */
export function envelopeFromJson(doc: unknown): DsseEnvelope {
  const bad = (why: string): never => {
    throw new SignError('ENVELOPE_INVALID', `DSSE envelope: ${why}`);
  };
  if (!isJsonObject(doc)) return bad('not an object');
  const { payloadType, payload, signatures } = doc;
  if (typeof payloadType !== 'string' || payloadType.length === 0)
    bad('payloadType must be a string');
  if (typeof payload !== 'string' || !isBase64(payload)) bad('payload must be base64');
  if (!Array.isArray(signatures) || signatures.length === 0) bad('no signatures');
  if ((signatures as unknown[]).length > MAX_SIGNATURES)
    bad(`more than ${MAX_SIGNATURES} signatures`);
  const sigs = (signatures as unknown[]).map((s): DsseSignature => {
    if (!isJsonObject(s) || typeof s['sig'] !== 'string' || !isBase64(s['sig']))
      return bad('signature without base64 sig');
    const keyid = s['keyid'];
    if (keyid !== undefined && typeof keyid !== 'string') bad('keyid must be a string');
    return keyid === undefined ? { sig: s['sig'] } : { keyid: keyid as string, sig: s['sig'] };
  });
  return { payloadType: payloadType as string, payload: payload as string, signatures: sigs };
}

export type DsseVerifyResult =
  | {
      readonly kind: 'verified';
      readonly payloadType: string;
      readonly payload: Buffer;
      /** Index into `publicKeys` of the key that verified. */
      readonly keyIndex: number;
    }
  | {
      readonly kind: 'failed';
      readonly reason: 'SIGNATURE_MISMATCH' | 'PAYLOAD_TYPE_MISMATCH';
      readonly message: string;
    };

/**
 * Verify an envelope: some signature must verify over PAE with one of `publicKeys`. Only then
 * is the payload handed back; callers must use these bytes, not re-read the envelope.
 */
export function verifyDsse(
  envelope: DsseEnvelope,
  publicKeys: readonly KeyObject[],
  expectedPayloadType?: string,
): DsseVerifyResult {
  if (expectedPayloadType !== undefined && envelope.payloadType !== expectedPayloadType) {
    return {
      kind: 'failed',
      reason: 'PAYLOAD_TYPE_MISMATCH',
      message: `payloadType ${envelope.payloadType}, expected ${expectedPayloadType}`,
    };
  }
  const payload = decodeBase64(envelope.payload);
  const message = pae(envelope.payloadType, payload);
  for (const s of envelope.signatures) {
    const sig = decodeBase64(s.sig);
    const keyIndex = publicKeys.findIndex((k) => verifyBytesSignature(k, message, sig));
    if (keyIndex >= 0)
      return { kind: 'verified', payloadType: envelope.payloadType, payload, keyIndex };
  }
  return {
    kind: 'failed',
    reason: 'SIGNATURE_MISMATCH',
    message: 'no envelope signature verifies with the given keys',
  };
}

// DSSE: decoders accept both standard and URL-safe base64, padded or not; like Go's decoder,
// line breaks are skipped.
function isBase64(s: string): boolean {
  return /^[A-Za-z0-9+/_\r\n-]*={0,2}[\r\n]*$/.test(s);
}

function decodeBase64(s: string): Buffer {
  return Buffer.from(
    s
      .replace(/[\r\n]/g, '')
      .replace(/-/g, '+')
      .replace(/_/g, '/'),
    'base64',
  );
}
