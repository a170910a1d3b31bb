import type { KeyObject } from 'node:crypto';
import { SignError } from '../errors.ts';

/** Key kinds cosign signs and verifies with (sigstore `GetDefaultPublicKeyDetails`). */
export type KeyKind = 'ecdsa-p256' | 'ecdsa-p384' | 'ecdsa-p521' | 'rsa' | 'ed25519';

const CURVES: Readonly<Record<string, KeyKind>> = {
  prime256v1: 'ecdsa-p256',
  secp384r1: 'ecdsa-p384',
  secp521r1: 'ecdsa-p521',
};

/** RSA keys below this size are refused, as sigstore's goodkey refuses them. */
export const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 8192;

/**
 * The kind of a public or private key; KEY_UNSUPPORTED for anything cosign would not use
 * (other curves, small RSA keys, DSA, X25519…).
 */
export function keyKind(key: KeyObject): KeyKind {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'ec') {
    const kind = CURVES[details.namedCurve ?? ''];
    if (kind) return kind;
    throw new SignError('KEY_UNSUPPORTED', `unsupported EC curve ${details.namedCurve ?? '?'}`);
  }
  if (type === 'rsa' || type === 'rsa-pss') {
    const bits = details.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
      throw new SignError('KEY_UNSUPPORTED', `RSA key of ${bits} bits (need 2048 to 8192)`);
    }
    return 'rsa';
  }
  if (type === 'ed25519') return 'ed25519';
  throw new SignError('KEY_UNSUPPORTED', `unsupported key type ${type ?? '?'}`);
}
