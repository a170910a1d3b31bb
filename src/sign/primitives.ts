import { constants, sign, verify, type KeyObject } from 'node:crypto';
import { ed25519ph } from '@noble/curves/ed25519.js';
import { keyKind, type KeyKind } from './keys/key-kind.ts';

/**
 * The hash cosign's key-based *verifiers* apply by default: `cosign verify --key` and
 * containers/image (`sigstoreHarcodedHashAlgorithm`) both load the public key with SHA-256,
 * whatever the curve. Signing with it keeps our signatures verifiable by both without flags.
 */
const SIGN_HASH = 'sha256';

/**
 * Hash sigstore's `LoadDefaultSignerVerifier` picks per curve, which is what `cosign sign`
 * with a P-384/P-521 key uses; accepted on verification next to SHA-256.
 */
const CURVE_HASH: Readonly<Record<KeyKind, string>> = {
  'ecdsa-p256': 'sha256',
  'ecdsa-p384': 'sha384',
  'ecdsa-p521': 'sha512',
  rsa: 'sha256',
  ed25519: 'sha256',
};

/**
 * Sign `data` as cosign does with a key file: ECDSA (SHA-256, ASN.1 DER), RSA PKCS#1 v1.5
 * with SHA-256, pure Ed25519.
 *
 * @example const sig = signBytes(key.privateKey, payload); // base64 it for the annotation
 */
export function signBytes(privateKey: KeyObject, data: Uint8Array): Uint8Array {
  const kind = keyKind(privateKey);
  if (kind === 'ed25519') return sign(null, data, privateKey);
  if (kind === 'rsa') {
    return sign(SIGN_HASH, data, { key: privateKey, padding: constants.RSA_PKCS1_PADDING });
  }
  return sign(SIGN_HASH, data, { key: privateKey, dsaEncoding: 'der' });
}

/**
 * True when `signature` over `data` verifies with `publicKey`. Accepted encodings, following
 * what sigstore verifiers accept:
 * - ECDSA: DER (cosign) or raw r‖s (IEEE P1363, used by the DSSE spec's test vector), with
 *   SHA-256 or the curve's own hash (SHA-384 for P-384, SHA-512 for P-521);
 * - RSA: PKCS#1 v1.5 or PSS, SHA-256;
 * - Ed25519: pure Ed25519, or Ed25519ph (RFC 8032 §5.1, empty context), which cosign uses by
 *   default when it loads an Ed25519 private key (`GetDefaultLoadOptions`).
 * Never throws for a malformed signature: that is just `false`.
 */
export function verifyBytesSignature(
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  const kind = keyKind(publicKey);
  const ok = candidates(kind, publicKey).some((c) => {
    try {
      return verify(c.hash, data, c.key, signature);
    } catch {
      return false;
    }
  });
  return ok || (kind === 'ed25519' && verifyEd25519ph(publicKey, data, signature));
}

// Node's crypto has no Ed25519ph; @noble/curves does (audited, pure JS).
function verifyEd25519ph(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const x = publicKey.export({ format: 'jwk' }).x;
  if (x === undefined) return false;
  try {
    return ed25519ph.verify(signature, data, Buffer.from(x, 'base64url'));
  } catch {
    return false;
  }
}

type VerifyKey = Parameters<typeof verify>[2];

function candidates(kind: KeyKind, key: KeyObject): { hash: string | null; key: VerifyKey }[] {
  switch (kind) {
    case 'rsa':
      return [
        { hash: 'sha256', key: { key, padding: constants.RSA_PKCS1_PADDING } },
        {
          hash: 'sha256',
          key: {
            key,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: constants.RSA_PSS_SALTLEN_AUTO,
          },
        },
      ];
    case 'ed25519':
      return [{ hash: null, key }];
    default: {
      const hashes = [...new Set([SIGN_HASH, CURVE_HASH[kind]])];
      return hashes.flatMap((hash) => [
        { hash, key: { key, dsaEncoding: 'der' as const } },
        { hash, key: { key, dsaEncoding: 'ieee-p1363' as const } },
      ]);
    }
  }
}
