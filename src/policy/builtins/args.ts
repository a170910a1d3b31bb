/** Operand checks shared by builtins; messages follow OPA's (`count: operand 1 must be …`). */
import { BuiltinError } from '../errors.ts';
import { RObject, RSet, isNumber, typeName, type Value } from '../value.ts';
import type { Builtin, BuiltinContext } from './types.ts';

export function typeError(name: string, i: number, expected: string, got: Value): BuiltinError {
  return new BuiltinError(
    'eval_type_error',
    `${name}: operand ${i} must be ${expected} but got ${typeName(got)}`,
  );
}

export function builtinError(name: string, msg: string): BuiltinError {
  return new BuiltinError('eval_builtin_error', `${name}: ${msg}`);
}

export function str(name: string, args: readonly Value[], i: number): string {
  const v = args[i]!;
  if (typeof v !== 'string') throw typeError(name, i + 1, 'string', v);
  return v;
}

export function num(name: string, args: readonly Value[], i: number): bigint | number {
  const v = args[i]!;
  if (!isNumber(v)) throw typeError(name, i + 1, 'number', v);
  return v;
}

export function int(name: string, args: readonly Value[], i: number): bigint {
  const v = num(name, args, i);
  if (typeof v !== 'bigint')
    throw new BuiltinError(
      'eval_type_error',
      `${name}: operand ${i + 1} must be integer number but got floating-point number`,
    );
  return v;
}

export function arr(name: string, args: readonly Value[], i: number): Value[] {
  const v = args[i]!;
  if (!Array.isArray(v)) throw typeError(name, i + 1, 'array', v);
  return v;
}

export function obj(name: string, args: readonly Value[], i: number): RObject {
  const v = args[i]!;
  if (!(v instanceof RObject)) throw typeError(name, i + 1, 'object', v);
  return v;
}

export function set(name: string, args: readonly Value[], i: number): RSet {
  const v = args[i]!;
  if (!(v instanceof RSet)) throw typeError(name, i + 1, 'set', v);
  return v;
}

export function bool(name: string, args: readonly Value[], i: number): boolean {
  const v = args[i]!;
  if (typeof v !== 'boolean') throw typeError(name, i + 1, 'boolean', v);
  return v;
}

/** Elements of an array or set. */
export function collection(
  name: string,
  args: readonly Value[],
  i: number,
  expected = 'one of {array, set}',
): Value[] {
  const v = args[i]!;
  if (Array.isArray(v)) return v;
  if (v instanceof RSet) return v.values();
  throw typeError(name, i + 1, expected, v);
}

export function setOf(vs: Iterable<Value>): RSet {
  const s = new RSet();
  for (const v of vs) s.add(v);
  return s;
}

/** Shorthand for defining a builtin. */
export function def(
  name: string,
  arity: number,
  call: (args: readonly Value[], ctx: BuiltinContext) => Value | undefined,
): Builtin {
  return { name, arity, call };
}
