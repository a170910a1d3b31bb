import { RObject } from '../value.ts';
import { def } from './args.ts';
import type { Builtin } from './types.ts';

export const misc: readonly Builtin[] = [
  def('time.now_ns', 0, (_args, ctx) => ctx.nowNs),
  // Variadic: the evaluator handles calls; this entry only makes the name known.
  { name: 'print', arity: Number.MAX_SAFE_INTEGER, call: () => true },
  def('trace', 1, () => true),
  // No runtime details are exposed to policies.
  def('opa.runtime', 0, () => new RObject()),
];
