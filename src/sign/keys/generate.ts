import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { encryptWithPassword, type ScryptStrength } from './encrypted-key.ts';
import type { KeyKind } from './key-kind.ts';
import { SIGSTORE_PRIVATE_KEY_PEM, publicKeyPem } from './load.ts';
import { encodePem } from './pem.ts';

export interface GenerateKeyPairOptions {
  /** Default `ecdsa-p256`, cosign's default. */
  readonly kind?: KeyKind;
  /**
   * scrypt cost. Default `standard` (N=65536), what cosign writes since it moved to
   * go-securesystemslib's `encrypted.Encrypt`; `legacy` (N=32768) matches older cosign keys.
   */
  readonly scrypt?: ScryptStrength;
}

export interface GeneratedKeyPair {
  /** `ENCRYPTED SIGSTORE PRIVATE KEY` PEM, the content of `cosign.key`. */
  readonly privateKeyPem: string;
  /** SPKI `PUBLIC KEY` PEM, the content of `cosign.pub`. */
  readonly publicKeyPem: string;
}

/**
 * Generate a key pair in cosign's format (`cosign generate-key-pair`). An empty password is
 * allowed, as cosign allows it.
 *
 * @example const { privateKeyPem, publicKeyPem } = await generateKeyPair('pw');
 */
export async function generateKeyPair(
  password: string,
  options: GenerateKeyPairOptions = {},
): Promise<GeneratedKeyPair> {
  const { privateKey, publicKey } = newKey(options.kind ?? 'ecdsa-p256');
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const sealed = await encryptWithPassword(pkcs8, password, options.scrypt ?? 'standard');
  pkcs8.fill(0);
  return {
    privateKeyPem: encodePem(SIGSTORE_PRIVATE_KEY_PEM, sealed),
    publicKeyPem: publicKeyPem(publicKey),
  };
}

function newKey(kind: KeyKind): { privateKey: KeyObject; publicKey: KeyObject } {
  switch (kind) {
    case 'ecdsa-p256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'ecdsa-p384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' });
    case 'ecdsa-p521':
      return generateKeyPairSync('ec', { namedCurve: 'P-521' });
    case 'rsa':
      return generateKeyPairSync('rsa', { modulusLength: 3072 });
    case 'ed25519':
      return generateKeyPairSync('ed25519');
  }
}
