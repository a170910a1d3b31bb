import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { SignError } from '../errors.ts';
import { decryptWithPassword } from './encrypted-key.ts';
import { keyKind, type KeyKind } from './key-kind.ts';
import { firstPemBlock } from './pem.ts';

/** PEM types of cosign's password-encrypted private keys (cosign `pkg/cosign/keys.go`). */
export const SIGSTORE_PRIVATE_KEY_PEM = 'ENCRYPTED SIGSTORE PRIVATE KEY';
export const COSIGN_PRIVATE_KEY_PEM = 'ENCRYPTED COSIGN PRIVATE KEY';

export interface SigningKey {
  readonly kind: KeyKind;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** A password, or a function asked for one only when the key turns out to be encrypted. */
export type PasswordInput = string | (() => Promise<string>);

/**
 * Load a private key: cosign's encrypted `ENCRYPTED SIGSTORE|COSIGN PRIVATE KEY`, or a plain
 * PKCS#8 (`PRIVATE KEY`), SEC1 (`EC PRIVATE KEY`), PKCS#1 (`RSA PRIVATE KEY`) or
 * password-protected PKCS#8 (`ENCRYPTED PRIVATE KEY`) PEM.
 *
 * @example const key = await loadPrivateKey(fs.readFileSync('cosign.key'), 'pw');
 */
export async function loadPrivateKey(
  pem: string | Uint8Array,
  password?: PasswordInput,
): Promise<SigningKey> {
  const block = firstPemBlock(pem, 'private key');
  const privateKey = await toPrivateKeyObject(block.type, block.bytes, password);
  return { kind: keyKind(privateKey), privateKey, publicKey: createPublicKey(privateKey) };
}

async function toPrivateKeyObject(
  type: string,
  bytes: Buffer,
  password: PasswordInput | undefined,
): Promise<KeyObject> {
  switch (type) {
    case SIGSTORE_PRIVATE_KEY_PEM:
    case COSIGN_PRIVATE_KEY_PEM: {
      const der = await decryptWithPassword(bytes, await askPassword(password));
      // cosign requires PKCS#8 inside (x509.ParsePKCS8PrivateKey); a SEC1 body is refused.
      return parseDer(() =>
        createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }),
      );
    }
    case 'PRIVATE KEY':
      return parseDer(() => createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' }));
    case 'EC PRIVATE KEY':
      return parseDer(() => createPrivateKey({ key: bytes, format: 'der', type: 'sec1' }));
    case 'RSA PRIVATE KEY':
      return parseDer(() => createPrivateKey({ key: bytes, format: 'der', type: 'pkcs1' }));
    case 'ENCRYPTED PRIVATE KEY': {
      const passphrase = await askPassword(password);
      try {
        return createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8', passphrase });
      } catch (cause) {
        throw new SignError('KEY_DECRYPT_FAILED', 'decrypting PKCS#8 private key', { cause });
      }
    }
    default:
      throw new SignError('KEY_UNSUPPORTED', `unsupported private key PEM type ${type}`);
  }
}

async function askPassword(password: PasswordInput | undefined): Promise<string> {
  if (password === undefined) {
    throw new SignError('PASSWORD_REQUIRED', 'the private key is encrypted: a password is needed');
  }
  return typeof password === 'string' ? password : password();
}

function parseDer(parse: () => KeyObject): KeyObject {
  try {
    return parse();
  } catch (cause) {
    throw new SignError('KEY_INVALID', 'private key does not parse', { cause });
  }
}

/**
 * Load a public key from `PUBLIC KEY` (SPKI), `RSA PUBLIC KEY` (PKCS#1) or `CERTIFICATE`
 * (its subject key; the certificate itself is not validated here).
 *
 * @example const pub = loadPublicKey(fs.readFileSync('cosign.pub'));
 */
export function loadPublicKey(pem: string | Uint8Array): KeyObject {
  const block = firstPemBlock(pem, 'public key');
  let key: KeyObject;
  try {
    switch (block.type) {
      case 'PUBLIC KEY':
        key = createPublicKey({ key: block.bytes, format: 'der', type: 'spki' });
        break;
      case 'RSA PUBLIC KEY':
        key = createPublicKey({ key: block.bytes, format: 'der', type: 'pkcs1' });
        break;
      case 'CERTIFICATE':
        key = new X509Certificate(block.bytes).publicKey;
        break;
      default:
        throw new SignError('KEY_UNSUPPORTED', `unsupported public key PEM type ${block.type}`);
    }
  } catch (cause) {
    if (cause instanceof SignError) throw cause;
    throw new SignError('KEY_INVALID', 'public key does not parse', { cause });
  }
  keyKind(key);
  return key;
}

/** SPKI PEM of a public key, as `cosign.pub` holds it. */
export function publicKeyPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}
