import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BuiltinError } from '../errors.ts';
import { toJSON, type Value } from '../value.ts';
import type { BuiltinContext } from './types.ts';
import { x509 } from './x509.ts';

const dir = path.join(import.meta.dirname, 'test-fixtures', 'x509');
const root = readFileSync(path.join(dir, 'root.pem'), 'utf8');
const leaf = readFileSync(path.join(dir, 'leaf.pem'), 'utf8');
const ctx: BuiltinContext = {
  nowNs: BigInt(Date.now()) * 1_000_000n,
  print: () => {},
  memo: new Map(),
};
const call = (name: string, arg: string) =>
  toJSON(x509.find((b) => b.name === name)!.call([arg], ctx) as Value) as never;

test('parse_certificates reads PEM, base64 PEM and base64 DER', () => {
  const der = Buffer.from(
    leaf
      .split('\n')
      .filter((l) => !l.startsWith('-----'))
      .join(''),
    'base64',
  );
  for (const input of [leaf, Buffer.from(leaf).toString('base64'), der.toString('base64')]) {
    type Cert = { Subject: { CommonName: string }; DNSNames: string[]; URIStrings: string[] };
    const [c] = call('crypto.x509.parse_certificates', input) as Cert[];
    assert.equal(c!.Subject.CommonName, 'leaf.sigil.test');
    assert.deepEqual(c!.DNSNames, ['leaf.sigil.test']);
    assert.deepEqual(c!.URIStrings, ['spiffe://sigil.test/leaf']);
  }
  assert.throws(() => call('crypto.x509.parse_certificates', 'not base64!'), BuiltinError);
  assert.throws(() => call('crypto.x509.parse_certificates', 'AAAA'), /malformed certificate/);
});

test('parse_and_verify_certificates accepts root-first chains only', () => {
  const [ok, chain] = call('crypto.x509.parse_and_verify_certificates', root + leaf) as [
    boolean,
    { Subject: { CommonName: string } }[],
  ];
  assert.equal(ok, true);
  assert.deepEqual(
    chain.map((c) => c.Subject.CommonName),
    ['leaf.sigil.test', 'Sigil Test Root'],
  );
  assert.deepEqual(call('crypto.x509.parse_and_verify_certificates', leaf + root), [false, []]);
  assert.deepEqual(call('crypto.x509.parse_and_verify_certificates', leaf), [false, []]);
});

test('private keys come back as JWKs', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const jwk = call('crypto.x509.parse_rsa_private_key', pem) as { kty: string; d: string };
  assert.equal(jwk.kty, 'RSA');
  assert.equal(jwk.d, privateKey.export({ format: 'jwk' }).d);
  assert.equal((call('crypto.parse_private_keys', pem) as unknown[]).length, 1);
  assert.deepEqual(call('crypto.parse_private_keys', 'nope'), []);
});

test('parse_keypair refuses a key that does not belong to the certificate', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const keypair = x509.find((b) => b.name === 'crypto.x509.parse_keypair')!;
  assert.throws(() => keypair.call([leaf, pem], ctx), /does not match/);
});
