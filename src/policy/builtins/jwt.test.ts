import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { BuiltinError } from '../errors.ts';
import { RObject, fromJSON, toJSON, type Value } from '../value.ts';
import { jwt } from './jwt.ts';
import type { BuiltinContext } from './types.ts';

const NOW_S = 1_700_000_000;
const ctx: BuiltinContext = {
  nowNs: BigInt(NOW_S) * 1_000_000_000n,
  print: () => {},
  memo: new Map(),
};
const call = (name: string, ...args: unknown[]): Value | undefined =>
  jwt.find((b) => b.name === name)!.call(args.map(fromJSON), ctx);

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const jwk = privateKey.export({ format: 'jwk' });

function es256(payload: object): string {
  return call('io.jwt.encode_sign', { alg: 'ES256', typ: 'JWT' }, payload, jwk) as string;
}

test('a token signed with encode_sign verifies with the public key, a tampered one does not', () => {
  const token = es256({ iss: 'me' });
  assert.equal(call('io.jwt.verify_es256', token, pem), true);
  const [h, , s] = token.split('.');
  const forged = `${h}.${Buffer.from('{"iss":"you"}').toString('base64url')}.${s}`;
  assert.equal(call('io.jwt.verify_es256', forged, pem), false);
});

test('decode_verify checks expiry, issuer and audience against the constraints', () => {
  const ok = (payload: object, c: object) =>
    (toJSON(call('io.jwt.decode_verify', es256(payload), { cert: pem, ...c })!) as unknown[])[0];
  assert.equal(ok({ iss: 'a', exp: NOW_S + 60 }, { iss: 'a' }), true);
  assert.equal(ok({ iss: 'a', exp: NOW_S - 60 }, { iss: 'a' }), false);
  assert.equal(ok({ iss: 'a' }, { iss: 'b' }), false);
  assert.equal(ok({ aud: ['x', 'y'] }, { aud: 'y' }), true);
  assert.equal(ok({ aud: 'x' }, {}), false);
  assert.throws(() => ok({ exp: 'soon' }, {}), /exp value must be a number/);
});

test('decode returns header, payload and hex signature; malformed tokens are builtin errors', () => {
  const out = call('io.jwt.decode', es256({ sub: '1' })) as Value[];
  assert.ok(out[0] instanceof RObject && out[0].get('alg') === 'ES256');
  assert.deepEqual(toJSON(out[1]!), { sub: '1' });
  assert.match(out[2] as string, /^[0-9a-f]{128}$/);
  for (const bad of ['abc', 'a.b', 'e$.e30.e30'])
    assert.throws(() => call('io.jwt.decode', bad), BuiltinError);
});
