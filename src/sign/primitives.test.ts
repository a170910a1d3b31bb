import assert from 'node:assert/strict';
import { constants, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { test } from 'node:test';
import { signBytes, verifyBytesSignature } from './primitives.ts';

const data = Buffer.from('payload');

test('ECDSA signatures are DER over SHA-256, what cosign verify --key and containers/image check', () => {
  for (const namedCurve of ['P-256', 'P-384', 'P-521']) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
    const sig = signBytes(privateKey, data);
    assert.equal(sig[0], 0x30, `${namedCurve}: DER SEQUENCE`);
    assert.ok(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, sig), namedCurve);
  }
});

test('signatures cosign sign makes with the curve hash (P-384/SHA-384, P-521/SHA-512) verify', () => {
  for (const [namedCurve, hash] of [
    ['P-384', 'sha384'],
    ['P-521', 'sha512'],
  ] as const) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
    const sig = sign(hash, data, { key: privateKey, dsaEncoding: 'der' });
    assert.ok(verifyBytesSignature(publicKey, data, sig), namedCurve);
    assert.equal(verifyBytesSignature(publicKey, Buffer.from('other'), sig), false);
  }
});

test('RSA: PKCS#1 v1.5 signed, PSS accepted; Ed25519 pure', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sig = signBytes(rsa.privateKey, data);
  assert.ok(
    verify('sha256', data, { key: rsa.publicKey, padding: constants.RSA_PKCS1_PADDING }, sig),
  );
  const pss = sign('sha256', data, {
    key: rsa.privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  });
  assert.ok(verifyBytesSignature(rsa.publicKey, data, pss));
  const ed = generateKeyPairSync('ed25519');
  assert.ok(verify(null, data, ed.publicKey, signBytes(ed.privateKey, data)));
});

test('garbage signatures are false, not exceptions', () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  for (const sig of [
    Buffer.alloc(0),
    Buffer.alloc(64),
    Buffer.from([0x30, 0xff, 0x02]),
    Buffer.alloc(5000, 1),
  ]) {
    assert.equal(verifyBytesSignature(publicKey, data, sig), false);
  }
});

test('Ed25519ph signatures (cosign default for Ed25519 keys) verify: RFC 8032 §7.3 test vector', () => {
  const hex = (h: string) => Buffer.from(h, 'hex');
  const publicKey = createPublicKey({
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      x: hex('ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf').toString(
        'base64url',
      ),
    },
    format: 'jwk',
  });
  const sig = hex(
    '98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41' +
      '31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406',
  );
  assert.ok(verifyBytesSignature(publicKey, Buffer.from('abc'), sig));
  assert.equal(verifyBytesSignature(publicKey, Buffer.from('abd'), sig), false);
});
