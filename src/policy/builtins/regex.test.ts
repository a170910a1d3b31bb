import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BuiltinError } from '../errors.ts';
import { regex } from './regex.ts';
import type { BuiltinContext } from './types.ts';

const ctx: BuiltinContext = { nowNs: 0n, print: () => {}, memo: new Map() };
const tm = (...args: string[]) =>
  regex.find((b) => b.name === 'regex.template_match')!.call(args, ctx);

test('regex.template_match: regex inside the delimiters, literal text outside', () => {
  assert.equal(tm('urn:foo:{.*}', 'urn:foo:bar:baz', '{', '}'), true);
  assert.equal(tm('urn:foo.<[a-z]+>', 'urn:foo.bar', '<', '>'), true);
  // The dot outside the delimiters is literal, and the match covers the whole string.
  assert.equal(tm('urn:foo.<[a-z]+>', 'urn:fooxbar', '<', '>'), false);
  assert.equal(tm('a{[0-9]}', 'a12', '{', '}'), false);
  assert.throws(() => tm('a{b', 'ab', '{', '}'), BuiltinError);
});
