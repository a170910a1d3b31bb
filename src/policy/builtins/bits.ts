import { def, int } from './args.ts';
import type { Builtin } from './types.ts';

const bin = (name: string, f: (a: bigint, b: bigint) => bigint): Builtin =>
  def(name, 2, (args) => f(int(name, args, 0), int(name, args, 1)));

const MAX_SHIFT = 1n << 16n;

export const bits: readonly Builtin[] = [
  bin('bits.and', (a, b) => a & b),
  bin('bits.or', (a, b) => a | b),
  bin('bits.xor', (a, b) => a ^ b),
  def('bits.negate', 1, (args) => ~int('bits.negate', args, 0)),
  bin('bits.lsh', (a, b) => (b < 0n || b > MAX_SHIFT ? a : a << b)),
  bin('bits.rsh', (a, b) => (b < 0n ? a : a >> b)),
];
