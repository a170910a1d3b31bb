import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toJSON } from '../value.ts';
import { parseUuid, uuid } from './uuid.ts';
import type { BuiltinContext } from './types.ts';

test('uuid.parse accepts the dashed, urn, braced and bare forms', () => {
  for (const s of [
    '6bea8ef2-d3d3-3cd1-84e0-9bab06a52ece',
    'URN:UUID:6bea8ef2-d3d3-3cd1-84e0-9bab06a52ece',
    '{6bea8ef2-d3d3-3cd1-84e0-9bab06a52ece}',
    '6bea8ef2d3d33cd184e09bab06a52ece',
  ])
    assert.deepEqual(toJSON(parseUuid(s)!), { version: 3, variant: 'RFC4122' }, s);
  for (const s of [
    '',
    'nope',
    '6bea8ef2-d3d3-3cd1-84e0_9bab06a52ece',
    '6bea8ef2d3d33cd184e09bab06a52ecz',
  ])
    assert.equal(parseUuid(s), undefined, s);
});

test('uuid.parse reports time-based fields of version 1', () => {
  // Version 1: 60-bit count of 100ns since 1582-10-15 from time_hi, time_mid, time_low.
  const got = toJSON(parseUuid('9a8b7c6d-85d1-11e9-8000-02005e0053fe')!) as Record<string, unknown>;
  assert.equal(got.version, 1);
  assert.equal(got.nodeid, '02-00-5e-00-53-fe');
  assert.equal(got.macvariables, 'local:unicast');
  const t = (0x1e985d19a8b7c6dn - 0x01b21dd213814000n) * 100n;
  assert.equal(BigInt(got.time as number), t);
});

test('uuid.rfc4122 is random across evaluations and fixed within one', () => {
  const rfc = uuid.find((b) => b.name === 'uuid.rfc4122')!;
  const ctx = (): BuiltinContext => ({ nowNs: 0n, print: () => {}, memo: new Map() });
  const one = ctx();
  const a = rfc.call(['k'], one);
  assert.equal(rfc.call(['k'], one), a);
  assert.notEqual(rfc.call(['k'], ctx()), a);
  assert.match(String(a), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
