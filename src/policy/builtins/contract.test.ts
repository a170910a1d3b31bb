import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BuiltinError } from '../errors.ts';
import { RObject, RSet, fromJSON, type Value } from '../value.ts';
import { BUILTIN_FAMILIES, BUILTIN_MAP } from './index.ts';
import type { BuiltinContext } from './types.ts';

const ctx: BuiltinContext = { nowNs: 1_700_000_000_000_000_000n, print: () => {}, memo: new Map() };

// Operands of every type, including awkward ones: builtins receive whatever a policy passes.
const SAMPLES: Value[] = [
  null,
  true,
  0n,
  -1n,
  2n ** 80n,
  1.5,
  '',
  'a/b.c',
  '[',
  [],
  ['x', 1n],
  new RObject(),
  fromJSON({ a: { b: [1, 2] } }),
  new RSet(),
  fromJSON([[1, 'x']]),
];

function tuples(arity: number): Value[][] {
  if (arity === 0) return [[]];
  const out: Value[][] = [];
  for (let i = 0; i < SAMPLES.length; i++) {
    // one sample in every position, plus the diagonal, keeps the set small but varied
    out.push(Array.from({ length: arity }, (_, j) => SAMPLES[(i + j * 3) % SAMPLES.length]!));
  }
  return out;
}

test('builtin names are unique and arities sane', () => {
  const all = BUILTIN_FAMILIES.flat();
  assert.equal(BUILTIN_MAP.size, all.length, 'duplicate builtin names');
  for (const b of all) assert.ok(b.arity >= 0, b.name);
});

test('every builtin answers odd operands with a value, undefined, or a BuiltinError', () => {
  for (const b of BUILTIN_FAMILIES.flat()) {
    const arity = b.arity > 8 ? 2 : b.arity;
    for (const args of tuples(arity)) {
      try {
        b.call(args, ctx);
      } catch (err) {
        assert.ok(
          err instanceof BuiltinError,
          `${b.name}(${args.length} args) threw ${String(err)}`,
        );
      }
    }
  }
});
