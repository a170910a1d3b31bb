/** JWS algorithms and key material for the io.jwt.* builtins, on node:crypto. */
import {
  X509Certificate,
  constants,
  createHmac,
  createPrivateKey,
  createPublicKey,
  sign,
  timingSafeEqual,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { builtinError } from './args.ts';

export interface Alg {
  readonly hash: 'sha256' | 'sha384' | 'sha512' | null;
  readonly kind: 'hmac' | 'rsa' | 'pss' | 'ecdsa' | 'eddsa';
}

export const ALGS: Readonly<Record<string, Alg>> = {
  HS256: { hash: 'sha256', kind: 'hmac' },
  HS384: { hash: 'sha384', kind: 'hmac' },
  HS512: { hash: 'sha512', kind: 'hmac' },
  RS256: { hash: 'sha256', kind: 'rsa' },
  RS384: { hash: 'sha384', kind: 'rsa' },
  RS512: { hash: 'sha512', kind: 'rsa' },
  PS256: { hash: 'sha256', kind: 'pss' },
  PS384: { hash: 'sha384', kind: 'pss' },
  PS512: { hash: 'sha512', kind: 'pss' },
  ES256: { hash: 'sha256', kind: 'ecdsa' },
  ES384: { hash: 'sha384', kind: 'ecdsa' },
  ES512: { hash: 'sha512', kind: 'ecdsa' },
  EdDSA: { hash: null, kind: 'eddsa' },
};

const PEM = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?-----END \1-----/;

function pemKey(name: string, text: string): KeyObject[] {
  const m = PEM.exec(text);
  if (!m) throw builtinError(name, 'failed to parse a PEM certificate');
  if (text.slice(m[0].length).trim() !== '')
    throw builtinError(name, 'extra data after a PEM certificate block');
  try {
    if (m[1] === 'CERTIFICATE') return [new X509Certificate(m[0]).publicKey];
    if (m[1] === 'PUBLIC KEY' || m[1] === 'RSA PUBLIC KEY') return [createPublicKey(m[0])];
  } catch {
    throw builtinError(name, 'failed to parse a PEM certificate');
  }
  throw builtinError(name, 'failed to extract a Key from the PEM certificate');
}

/** Public keys from a PEM certificate, PEM public key, JWK or JWK set (with their `kid`s). */
export function publicKeys(name: string, material: string): { key: KeyObject; kid?: string }[] {
  const text = material.trim();
  if (text.startsWith('-----BEGIN')) return pemKey(name, text).map((key) => ({ key }));
  try {
    const j = JSON.parse(text) as { keys?: unknown };
    const jwks = (Array.isArray(j.keys) ? j.keys : [j]) as (JsonWebKey & { kid?: string })[];
    return jwks.map((jwk) => ({
      key: createPublicKey({ key: jwk, format: 'jwk' }),
      ...(typeof jwk.kid === 'string' ? { kid: jwk.kid } : {}),
    }));
  } catch {
    throw builtinError(name, 'failed to parse a JWK key (set)');
  }
}

function options(alg: Alg, key: KeyObject) {
  if (alg.kind === 'pss')
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: -2 as const };
  if (alg.kind === 'ecdsa') return { key, dsaEncoding: 'ieee-p1363' as const };
  return key;
}

/** Whether `sig` signs `data` under `alg` with the public key or HMAC secret. */
export function verifySignature(
  alg: Alg,
  data: Buffer,
  sig: Buffer,
  key: KeyObject | Buffer,
): boolean {
  try {
    if (alg.kind === 'hmac') {
      const mac = createHmac(alg.hash!, key as Buffer)
        .update(data)
        .digest();
      return mac.length === sig.length && timingSafeEqual(mac, sig);
    }
    const k = key as KeyObject;
    if (k.asymmetricKeyType === undefined) return false;
    if (alg.kind === 'pss') {
      const o = { key: k, padding: constants.RSA_PKCS1_PSS_PADDING };
      return verify(alg.hash, data, { ...o, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig);
    }
    return verify(alg.hash, data, options(alg, k), sig);
  } catch {
    return false;
  }
}

/** Signs `data` with a JWK (private key, or `oct` secret for HMAC). */
export function signWith(name: string, alg: Alg, data: Buffer, jwk: JsonWebKey): Buffer {
  try {
    if (alg.kind === 'hmac')
      return createHmac(alg.hash!, Buffer.from(String(jwk.k ?? ''), 'base64url'))
        .update(data)
        .digest();
    const key = createPrivateKey({ key: jwk, format: 'jwk' });
    if (alg.kind === 'pss')
      return sign(alg.hash, data, {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      });
    return sign(alg.hash, data, options(alg, key));
  } catch (e) {
    throw builtinError(name, `failed to sign: ${(e as Error).message}`);
  }
}
