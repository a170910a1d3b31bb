import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { test } from 'node:test';
import { fixture } from '../../../test/helpers/sign-fixtures.ts';
import { isSigilError } from '../../core/index.ts';
import { signBytes, verifyBytesSignature } from '../primitives.ts';
import { decodePem } from './pem.ts';
import { generateKeyPair } from './generate.ts';
import { loadPrivateKey, loadPublicKey, publicKeyPem } from './load.ts';
import type { KeyKind } from './key-kind.ts';
import { resolvePassword } from './password.ts';

const code = (c: string) => (err: unknown) => isSigilError(err, c);

function plainKey(kind: KeyKind): KeyObject {
  switch (kind) {
    case 'rsa':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    case 'ed25519':
      return generateKeyPairSync('ed25519').privateKey;
    default:
      return generateKeyPairSync('ec', {
        namedCurve: { 'ecdsa-p256': 'P-256', 'ecdsa-p384': 'P-384', 'ecdsa-p521': 'P-521' }[kind],
      }).privateKey;
  }
}

test('cosign ENCRYPTED SIGSTORE PRIVATE KEY decrypts with its password and signs', async () => {
  const key = await loadPrivateKey(fixture('cosign-keys/pemsigstorekey.key'), 'hello');
  assert.equal(key.kind, 'ecdsa-p256');
  const sig = signBytes(key.privateKey, Buffer.from('x'));
  assert.ok(verifyBytesSignature(key.publicKey, Buffer.from('x'), sig));
});

test('legacy ENCRYPTED COSIGN PRIVATE KEY decrypts too', async () => {
  const key = await loadPrivateKey(fixture('cosign-keys/pemcosignkey-rsa.key'), 'hello');
  assert.equal(key.kind, 'ecdsa-p256');
});

test('a wrong password is KEY_DECRYPT_FAILED', async () => {
  await assert.rejects(
    loadPrivateKey(fixture('cosign-keys/pemsigstorekey.key'), 'hellO'),
    code('KEY_DECRYPT_FAILED'),
  );
  await assert.rejects(
    loadPrivateKey(fixture('cosign-keys/pemsigstorekey.key'), ''),
    code('KEY_DECRYPT_FAILED'),
  );
});

test('an encrypted key without a password asks for one: PASSWORD_REQUIRED', async () => {
  await assert.rejects(
    loadPrivateKey(fixture('cosign-keys/pemsigstorekey.key')),
    code('PASSWORD_REQUIRED'),
  );
});

test('SEC1 inside the encrypted container decrypts but is refused as cosign refuses it', async () => {
  // Right password (N=65536 container), so not KEY_DECRYPT_FAILED: the plaintext is not PKCS#8.
  await assert.rejects(
    loadPrivateKey(fixture('cosign-keys/pemcosigneckey-sec1.key'), 'hello'),
    code('KEY_INVALID'),
  );
});

test('generated key pairs decrypt again, with any password including empty', async () => {
  for (const password of ['', 'pä55 wörd']) {
    const pair = await generateKeyPair(password, { scrypt: 'legacy' });
    assert.match(pair.privateKeyPem, /^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n/);
    const body = JSON.parse(decodePem(pair.privateKeyPem)[0]!.bytes.toString()) as Record<
      string,
      unknown
    >;
    assert.deepEqual(Object.keys(body), ['kdf', 'cipher', 'ciphertext']);
    assert.deepEqual(body['kdf'], {
      name: 'scrypt',
      params: { N: 32768, r: 8, p: 1 },
      salt: (body['kdf'] as { salt: string }).salt,
    });
    assert.equal(Buffer.from((body['kdf'] as { salt: string }).salt, 'base64').length, 32);
    const key = await loadPrivateKey(pair.privateKeyPem, password);
    const pub = loadPublicKey(pair.publicKeyPem);
    const sig = signBytes(key.privateKey, Buffer.from('payload'));
    assert.ok(verifyBytesSignature(pub, Buffer.from('payload'), sig));
    await assert.rejects(
      loadPrivateKey(pair.privateKeyPem, `${password}x`),
      code('KEY_DECRYPT_FAILED'),
    );
  }
});

test('the default scrypt cost is the one current cosign writes (N=65536)', async () => {
  const pair = await generateKeyPair('pw', { kind: 'ed25519' });
  const body = JSON.parse(decodePem(pair.privateKeyPem)[0]!.bytes.toString()) as {
    kdf: { params: unknown };
  };
  assert.deepEqual(body.kdf.params, { N: 65536, r: 8, p: 1 });
});

test('every key kind signs and verifies; other kinds reject the signature', async () => {
  const kinds = ['ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'rsa', 'ed25519'] as const;
  // Plain PKCS#8 keys: the encrypted container is covered above and costs a scrypt each.
  const keys = await Promise.all(
    kinds.map(async (kind) => {
      const pkcs8 = plainKey(kind).export({ type: 'pkcs8', format: 'pem' }).toString();
      const priv = await loadPrivateKey(pkcs8);
      return { kind, priv, pub: loadPublicKey(publicKeyPem(priv.publicKey)) };
    }),
  );
  const data = Buffer.from('{"critical":{}}');
  for (const k of keys) {
    assert.equal(k.priv.kind, k.kind);
    const sig = signBytes(k.priv.privateKey, data);
    assert.ok(verifyBytesSignature(k.pub, data, sig), k.kind);
    assert.equal(verifyBytesSignature(k.pub, Buffer.from('{"critical":{ }}'), sig), false, k.kind);
    for (const other of keys.filter((o) => o !== k)) {
      assert.equal(
        verifyBytesSignature(other.pub, data, sig),
        false,
        `${k.kind} sig with ${other.kind} key`,
      );
    }
  }
});

test('plain PKCS#8, SEC1 and PKCS#1 PEM private keys load', async () => {
  const privateKey = plainKey('ecdsa-p256');
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
  assert.match(sec1, /EC PRIVATE KEY/);
  assert.equal((await loadPrivateKey(pkcs8)).kind, 'ecdsa-p256');
  assert.equal((await loadPrivateKey(sec1)).kind, 'ecdsa-p256');
  const rsa = await loadPrivateKey(
    plainKey('rsa').export({ type: 'pkcs1', format: 'pem' }).toString(),
  );
  assert.equal(rsa.kind, 'rsa');
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  await assert.rejects(
    loadPrivateKey(small.export({ type: 'pkcs8', format: 'pem' }).toString()),
    code('KEY_UNSUPPORTED'),
  );
  const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
  await assert.rejects(
    loadPrivateKey(k1.export({ type: 'pkcs8', format: 'pem' }).toString()),
    code('KEY_UNSUPPORTED'),
  );
});

test('public keys: cosign.pub loads; garbage and unsupported keys are coded errors', () => {
  assert.equal(loadPublicKey(fixture('containers-image/cosign.pub')).asymmetricKeyType, 'ec');
  assert.throws(() => loadPublicKey('not a key'), code('KEY_INVALID'));
  assert.throws(
    () => loadPublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'),
    code('KEY_INVALID'),
  );
  assert.throws(
    () => loadPublicKey('-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n'),
    code('KEY_UNSUPPORTED'),
  );
});

test('tampered encrypted key container: bad scrypt params are refused before any work', async () => {
  const pem = fixture('cosign-keys/pemsigstorekey.key').toString();
  const body = JSON.parse(decodePem(pem)[0]!.bytes.toString()) as {
    kdf: { params: { N: number } };
  };
  body.kdf.params.N = 2 ** 30;
  const b64 = Buffer.from(JSON.stringify(body)).toString('base64');
  const tampered = `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${b64}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n`;
  await assert.rejects(loadPrivateKey(tampered, 'hello'), code('KEY_UNSUPPORTED'));
});

test('password resolution: SIGIL_PASSWORD, then COSIGN_PASSWORD (empty counts), then prompt', async () => {
  assert.equal(await resolvePassword({ env: { SIGIL_PASSWORD: 'a', COSIGN_PASSWORD: 'b' } }), 'a');
  assert.equal(
    await resolvePassword({ env: { COSIGN_PASSWORD: '' }, prompt: () => Promise.resolve('p') }),
    '',
  );
  assert.equal(await resolvePassword({ env: {}, prompt: () => Promise.resolve('p') }), 'p');
  await assert.rejects(resolvePassword({ env: {} }), code('PASSWORD_REQUIRED'));
});

test('PEM: CRLF line endings and text around the block are tolerated, as Go pem.Decode does', () => {
  const pem = fixture('containers-image/cosign.pub').toString();
  const crlf = `comment line\r\n${pem.replace(/\n/g, '\r\n')}trailing`;
  const a = loadPublicKey(pem).export({ type: 'spki', format: 'der' });
  const b = loadPublicKey(crlf).export({ type: 'spki', format: 'der' });
  assert.deepEqual(a, b);
  assert.equal(decodePem(`${pem}${pem}`).length, 2);
});
