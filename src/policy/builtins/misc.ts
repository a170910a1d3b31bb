import { toRegoString } from '../value.ts';
import { def } from './args.ts';
import type { Builtin } from './types.ts';

export const misc: readonly Builtin[] = [
  def('time.now_ns', 0, (_args, ctx) => ctx.nowNs),
  def('print', 1, ([v], ctx) => {
    ctx.prints.push(typeof v === 'string' ? v : toRegoString(v!));
    return true;
  }),
  def('trace', 1, () => true),
  def('opa.runtime', 0, () => null),
];
