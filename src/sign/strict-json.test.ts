import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSigilError } from '../core/index.ts';
import { goJson, parseStrictJson } from './strict-json.ts';

const opts = { maxBytes: 1024, code: 'PAYLOAD_INVALID', what: 'doc' } as const;
const invalid = (e: unknown) => isSigilError(e, 'PAYLOAD_INVALID');

test('parses what JSON.parse parses, to the same value', () => {
  const samples = [
    '{"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n"],"b":{}}',
    '[]',
    '"s"',
    ' 0 ',
    '{"":{"":[]}}',
  ];
  for (const s of samples) assert.deepEqual(parseStrictJson(s, opts), JSON.parse(s));
});

test('refuses duplicate keys, trailing data, bad tokens, deep nesting, bad UTF-8', () => {
  for (const s of [
    '{"a":1,"a":1}',
    '{"a":{"b":1,"b":2}}',
    '{} {}',
    '{a:1}',
    "{'a':1}",
    '[1,]',
    '01',
    '"\u0001"',
    '['.repeat(40) + ']'.repeat(40),
  ]) {
    assert.throws(() => parseStrictJson(s, opts), invalid, s);
  }
  assert.throws(() => parseStrictJson(Buffer.from([0x22, 0xc3, 0x28, 0x22]), opts), invalid);
  assert.throws(
    () => parseStrictJson('x'.repeat(2000), opts),
    (e) => isSigilError(e, 'PAYLOAD_TOO_LARGE'),
  );
});

test('__proto__ is an ordinary key, not a prototype change', () => {
  const v = parseStrictJson('{"__proto__":{"polluted":true}}', opts) as Record<string, unknown>;
  assert.deepEqual(Object.keys(v), ['__proto__']);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.equal((v as { polluted?: unknown }).polluted, undefined);
});

test('goJson escapes as Go encoding/json does', () => {
  assert.equal(goJson({ a: '<&>\u2028' }), '{"a":"\\u003c\\u0026\\u003e\\u2028"}');
});
