import { RObject, RSet, compare, isNumber, normNum, sortValues, type Value } from '../value.ts';
import { collection, typeError } from './args.ts';
import { def } from './args.ts';
import type { Builtin } from './types.ts';

function numbers(name: string, args: readonly Value[]): (bigint | number)[] {
  const vs = collection(name, args, 0);
  return vs.map((v) => {
    if (!isNumber(v)) throw typeError(name, 1, 'one of {array, set} of numbers', args[0]!);
    return v;
  });
}

function extreme(name: string, sign: number) {
  return def(name, 1, (args) => {
    const vs = collection(name, args, 0);
    if (vs.length === 0) return undefined;
    return vs.reduce((m, v) => (compare(v, m) * sign > 0 ? v : m));
  });
}

export const aggregates: readonly Builtin[] = [
  def('count', 1, (args) => {
    const v = args[0]!;
    if (typeof v === 'string') return BigInt([...v].length);
    if (Array.isArray(v)) return BigInt(v.length);
    if (v instanceof RObject || v instanceof RSet) return BigInt(v.size);
    throw typeError('count', 1, 'one of {array, object, set, string}', v);
  }),
  def('sum', 1, (args) => {
    const ns = numbers('sum', args);
    if (ns.every((n) => typeof n === 'bigint'))
      return ns.reduce((a: bigint, b) => a + (b as bigint), 0n);
    return normNum(ns.reduce((a: number, b) => a + Number(b), 0));
  }),
  def('product', 1, (args) => {
    const ns = numbers('product', args);
    if (ns.every((n) => typeof n === 'bigint'))
      return ns.reduce((a: bigint, b) => a * (b as bigint), 1n);
    return normNum(ns.reduce((a: number, b) => a * Number(b), 1));
  }),
  extreme('max', 1),
  extreme('min', -1),
  def('sort', 1, (args) => sortValues(collection('sort', args, 0))),
  def('all', 1, (args) => collection('all', args, 0).every((v) => v === true)),
  def('any', 1, (args) => collection('any', args, 0).some((v) => v === true)),
];
