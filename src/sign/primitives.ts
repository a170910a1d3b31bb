import { constants, sign, verify, type KeyObject } from 'node:crypto';
import { keyKind, type KeyKind } from './keys/key-kind.ts';

/**
 * Hash cosign signs with for each key kind (sigstore `GetDefaultPublicKeyDetails`): SHA-256 for
 * P-256 and RSA, SHA-384 for P-384, SHA-512 for P-521; Ed25519 signs the message itself.
 */
const DEFAULT_HASH: Readonly<Record<KeyKind, string | null>> = {
  'ecdsa-p256': 'sha256',
  'ecdsa-p384': 'sha384',
  'ecdsa-p521': 'sha512',
  rsa: 'sha256',
  ed25519: null,
};

/**
 * Sign `data` as cosign does: ECDSA signatures ASN.1 DER encoded, RSA PKCS#1 v1.5.
 *
 * @example const sig = signBytes(key.privateKey, payload); // base64 it for the annotation
 */
export function signBytes(privateKey: KeyObject, data: Uint8Array): Uint8Array {
  const kind = keyKind(privateKey);
  if (kind === 'rsa') {
    return sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PADDING });
  }
  return sign(DEFAULT_HASH[kind], data, { key: privateKey, dsaEncoding: 'der' });
}

/**
 * True when `signature` over `data` verifies with `publicKey`. Accepted encodings, following
 * what sigstore verifiers accept:
 * - ECDSA: DER (cosign) or raw r‖s (IEEE P1363, used by the DSSE spec's test vector), with the
 *   curve's default hash or SHA-256 (cosign before 2.5 hashed every curve with SHA-256);
 * - RSA: PKCS#1 v1.5 or PSS, SHA-256;
 * - Ed25519: pure Ed25519. (Ed25519ph, cosign's default for Ed25519 *private* keys used with
 *   Rekor, is not supported.)
 * Never throws for a malformed signature: that is just `false`.
 */
export function verifyBytesSignature(
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  const kind = keyKind(publicKey);
  return candidates(kind, publicKey).some((c) => {
    try {
      return verify(c.hash, data, c.key, signature);
    } catch {
      return false;
    }
  });
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
      const hashes = [...new Set([DEFAULT_HASH[kind], 'sha256'])];
      return hashes.flatMap((hash) => [
        { hash, key: { key, dsaEncoding: 'der' as const } },
        { hash, key: { key, dsaEncoding: 'ieee-p1363' as const } },
      ]);
    }
  }
}
