/** graph.reachable: nodes reachable from the initial ones (those present in the graph). */
import { RObject, RSet, type Value } from '../value.ts';
import { collection, def, typeError } from './args.ts';
import type { Builtin } from './types.ts';

export const graph: readonly Builtin[] = [
  def('graph.reachable', 2, (args) => {
    const g = args[0]!;
    if (!(g instanceof RObject)) throw typeError('graph.reachable', 1, 'object', g);
    const out = new RSet();
    const queue: Value[] = [...collection('graph.reachable', args, 1)];
    while (queue.length > 0) {
      const n = queue.shift()!;
      if (out.has(n)) continue;
      const edges = g.get(n);
      if (edges === undefined) continue;
      out.add(n);
      if (Array.isArray(edges)) queue.push(...edges);
      else if (edges instanceof RSet) queue.push(...edges.values());
    }
    return out;
  }),
];
