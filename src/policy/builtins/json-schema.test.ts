import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromJSON, toJSON, type Value } from '../value.ts';
import { jsonSchema } from './json-schema.ts';
import type { BuiltinContext } from './types.ts';

const ctx: BuiltinContext = { nowNs: 0n, print: () => {}, memo: new Map() };
const call = (name: string, ...args: unknown[]) =>
  toJSON(jsonSchema.find((b) => b.name === name)!.call(args.map(fromJSON), ctx) as Value);

const schema = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 2 },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

test('a matching document has no errors, in object or JSON-text form', () => {
  assert.deepEqual(call('json.match_schema', { name: 'ok', tags: ['a'] }, schema), [true, []]);
  assert.deepEqual(call('json.match_schema', '{"name":"ok"}', JSON.stringify(schema)), [true, []]);
});

test('each violation is reported with its field and kind', () => {
  const [ok, errors] = call('json.match_schema', { tags: ['a', 3], extra: 1 }, schema) as [
    boolean,
    { field: string; type: string }[],
  ];
  assert.equal(ok, false);
  assert.deepEqual(errors.map((e) => `${e.field} ${e.type}`).sort(), [
    '(root) additional_property_not_allowed',
    '(root) required',
    'tags.1 invalid_type',
  ]);
});

test('verify_schema rejects unknown primitive types', () => {
  assert.deepEqual(call('json.verify_schema', { type: 'boolean' }), [true, null]);
  const [ok, msg] = call('json.verify_schema', { properties: { a: { type: 'int' } } }) as [
    boolean,
    string,
  ];
  assert.equal(ok, false);
  assert.match(msg, /NOT VALID -- given: \/int\//);
});
