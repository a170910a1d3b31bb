import { randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { SignError } from '../errors.ts';
import { goJson, isJsonObject, parseStrictJson } from '../strict-json.ts';

/**
 * The password-encrypted key container of secure-systems-lab/go-securesystemslib `encrypted`
 * (used by cosign for `cosign.key`): scrypt derives a 32-byte key from the password and a
 * 32-byte salt, NaCl secretbox (XSalsa20-Poly1305, 24-byte nonce) seals the plaintext. The
 * container is the JSON `{kdf:{name,params:{N,r,p},salt}, cipher:{name,nonce}, ciphertext}`
 * with byte fields in standard base64 (Go's `[]byte` encoding).
 */

/** The scrypt parameter sets go-securesystemslib accepts (`scryptKDF.CheckParams`). */
export const SCRYPT_PARAMS = {
  legacy: { N: 32768, r: 8, p: 1 },
  standard: { N: 65536, r: 8, p: 1 },
  owasp: { N: 131072, r: 8, p: 1 },
} as const;

export type ScryptStrength = keyof typeof SCRYPT_PARAMS;

const SALT_BYTES = 32;
const NONCE_BYTES = 24;
const KEY_BYTES = 32;

function scrypt(password: Uint8Array, salt: Uint8Array, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is below N=2^16.
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r,
  };
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * Seal `plaintext` under `password`; returns the JSON container bytes.
 *
 * @example const json = await encryptWithPassword(pkcs8Der, 'hunter2');
 */
export async function encryptWithPassword(
  plaintext: Uint8Array,
  password: string,
  strength: ScryptStrength = 'standard',
): Promise<Uint8Array> {
  const params = SCRYPT_PARAMS[strength];
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const key = await scrypt(Buffer.from(password, 'utf8'), salt, params);
  const sealed = xsalsa20poly1305(key, nonce).encrypt(plaintext);
  key.fill(0);
  const container = {
    kdf: { name: 'scrypt', params: { N: params.N, r: params.r, p: params.p }, salt: b64(salt) },
    cipher: { name: 'nacl/secretbox', nonce: b64(nonce) },
    ciphertext: b64(sealed),
  };
  return Buffer.from(goJson(container), 'utf8');
}

/**
 * Open a container sealed by `encryptWithPassword`, go-securesystemslib or cosign.
 * A wrong password (or tampered ciphertext) fails the Poly1305 check: KEY_DECRYPT_FAILED.
 */
export async function decryptWithPassword(
  container: Uint8Array,
  password: string,
): Promise<Uint8Array> {
  const { params, salt, nonce, ciphertext } = parseContainer(container);
  const key = await scrypt(Buffer.from(password, 'utf8'), salt, params);
  try {
    return xsalsa20poly1305(key, nonce).decrypt(ciphertext);
  } catch (cause) {
    throw new SignError('KEY_DECRYPT_FAILED', 'decrypting private key: wrong password?', {
      cause,
    });
  } finally {
    key.fill(0);
  }
}

function parseContainer(bytes: Uint8Array): {
  params: ScryptParams;
  salt: Buffer;
  nonce: Buffer;
  ciphertext: Buffer;
} {
  const doc = parseStrictJson(bytes, {
    maxBytes: 64 * 1024,
    maxDepth: 4,
    code: 'KEY_INVALID',
    what: 'encrypted private key',
  });
  const kdf = isJsonObject(doc) ? doc['kdf'] : undefined;
  const cipher = isJsonObject(doc) ? doc['cipher'] : undefined;
  if (!isJsonObject(doc) || !isJsonObject(kdf) || !isJsonObject(cipher)) {
    throw new SignError('KEY_INVALID', 'encrypted private key: missing kdf or cipher');
  }
  if (kdf['name'] !== 'scrypt') {
    throw new SignError('KEY_UNSUPPORTED', `unknown kdf ${JSON.stringify(kdf['name'])}`);
  }
  if (cipher['name'] !== 'nacl/secretbox') {
    throw new SignError('KEY_UNSUPPORTED', `unknown cipher ${JSON.stringify(cipher['name'])}`);
  }
  const params = knownParams(kdf['params']);
  const salt = unb64(kdf['salt'], 'kdf.salt');
  const nonce = unb64(cipher['nonce'], 'cipher.nonce');
  if (nonce.length !== NONCE_BYTES) {
    throw new SignError('KEY_INVALID', `cipher.nonce must be ${NONCE_BYTES} bytes`);
  }
  return { params, salt, nonce, ciphertext: unb64(doc['ciphertext'], 'ciphertext') };
}

// Only the three parameter sets go-securesystemslib accepts: a hostile file cannot ask
// for an N that eats all memory or CPU.
function knownParams(v: unknown): ScryptParams {
  if (isJsonObject(v)) {
    for (const p of Object.values(SCRYPT_PARAMS)) {
      if (v['N'] === p.N && v['r'] === p.r && v['p'] === p.p) return p;
    }
  }
  throw new SignError('KEY_UNSUPPORTED', 'unsupported scrypt parameters');
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function unb64(v: unknown, field: string): Buffer {
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) {
    throw new SignError('KEY_INVALID', `encrypted private key: ${field} is not base64`);
  }
  return Buffer.from(v, 'base64');
}
