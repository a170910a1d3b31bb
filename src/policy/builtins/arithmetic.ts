/** Arithmetic: exact on integers (bigint), IEEE doubles once a fraction is involved. */
import { BuiltinError } from '../errors.ts';
import { RSet, isNumber, normNum, type Value } from '../value.ts';
import { def, int, num, setOf, typeError } from './args.ts';
import type { Builtin } from './types.ts';

type N = bigint | number;

function binop(
  name: string,
  ints: (a: bigint, b: bigint) => N,
  floats: (a: number, b: number) => number,
) {
  return def(name, 2, (args) => {
    const a = num(name, args, 0);
    const b = num(name, args, 1);
    if (typeof a === 'bigint' && typeof b === 'bigint') return normNum(ints(a, b));
    const r = floats(Number(a), Number(b));
    if (!Number.isFinite(r))
      throw new BuiltinError('eval_builtin_error', `${name}: result is not finite`);
    return normNum(r);
  });
}

function div(a: bigint, b: bigint): N {
  if (b === 0n) throw new BuiltinError('eval_builtin_error', 'div: divide by zero');
  return a % b === 0n ? a / b : Number(a) / Number(b);
}

function rounded(name: string, f: (x: number) => number) {
  return def(name, 1, (args) => {
    const a = num(name, args, 0);
    return typeof a === 'bigint' ? a : normNum(f(a));
  });
}

export const arithmetic: readonly Builtin[] = [
  binop(
    'plus',
    (a, b) => a + b,
    (a, b) => a + b,
  ),
  def('minus', 2, (args) => {
    const [a, b] = args as [Value, Value];
    if (a instanceof RSet && b instanceof RSet) return setOf(a.values().filter((x) => !b.has(x)));
    if (isNumber(a) && isNumber(b)) {
      if (typeof a === 'bigint' && typeof b === 'bigint') return a - b;
      return normNum(Number(a) - Number(b));
    }
    if (a instanceof RSet) throw typeError('minus', 2, 'set', b);
    if (isNumber(a)) throw typeError('minus', 2, 'number', b);
    throw typeError('minus', 1, 'one of {number, set}', a);
  }),
  binop(
    'mul',
    (a, b) => a * b,
    (a, b) => a * b,
  ),
  def('div', 2, (args) => {
    const a = num('div', args, 0);
    const b = num('div', args, 1);
    if (typeof a === 'bigint' && typeof b === 'bigint') return normNum(div(a, b));
    if (Number(b) === 0) throw new BuiltinError('eval_builtin_error', 'div: divide by zero');
    return normNum(Number(a) / Number(b));
  }),
  def('rem', 2, (args) => {
    const a = num('rem', args, 0);
    const b = num('rem', args, 1);
    if (typeof a !== 'bigint' || typeof b !== 'bigint')
      throw new BuiltinError('eval_builtin_error', 'rem: modulo on floating-point number');
    if (b === 0n) throw new BuiltinError('eval_builtin_error', 'rem: modulo by zero');
    return a % b;
  }),
  def('abs', 1, (args) => {
    const a = num('abs', args, 0);
    return typeof a === 'bigint' ? (a < 0n ? -a : a) : Math.abs(a);
  }),
  rounded('round', (x) => (x < 0 ? -Math.round(-x) : Math.round(x))),
  rounded('ceil', Math.ceil),
  rounded('floor', Math.floor),
  def('numbers.range', 2, (args) =>
    range('numbers.range', int('numbers.range', args, 0), int('numbers.range', args, 1), 1n),
  ),
  def('numbers.range_step', 3, (args) => {
    const step = int('numbers.range_step', args, 2);
    if (step <= 0n)
      throw new BuiltinError(
        'eval_builtin_error',
        'numbers.range_step: step must be a positive integer',
      );
    return range(
      'numbers.range_step',
      int('numbers.range_step', args, 0),
      int('numbers.range_step', args, 1),
      step,
    );
  }),
];

const MAX_RANGE = 10_000_000n;

function range(name: string, a: bigint, b: bigint, step: bigint): Value[] {
  const n = (a > b ? a - b : b - a) / step;
  if (n > MAX_RANGE) throw new BuiltinError('eval_builtin_error', `${name}: range too large`);
  const out: Value[] = [];
  if (a <= b) for (let x = a; x <= b; x += step) out.push(x);
  else for (let x = a; x >= b; x -= step) out.push(x);
  return out;
}
