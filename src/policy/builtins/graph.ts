/** graph.reachable: nodes reachable from the initial ones (those present in the graph). */
import { RObject, RSet, type Value } from '../value.ts';
import { builtinError, collection, def, typeError } from './args.ts';
import type { Builtin } from './types.ts';

function neighbours(name: string, g: RObject, n: Value): Value[] | undefined {
  const edges = g.get(n);
  if (edges === undefined) return undefined;
  if (Array.isArray(edges)) return edges;
  if (edges instanceof RSet) return edges.values();
  if (edges === null) return [];
  throw typeError(name, 1, 'object[any: one of {array, set}]', g);
}

// Depth-first paths from `node`; a path ends where no unvisited neighbour continues it.
// Path enumeration is exponential on dense graphs: a visit budget keeps hostile graphs bounded.
const MAX_VISITS = 200_000;

function paths(
  g: RObject,
  node: Value,
  path: Value[],
  out: RSet,
  budget: { visits: number },
): void {
  if (++budget.visits > MAX_VISITS)
    throw builtinError('graph.reachable_paths', 'graph too large to enumerate paths');
  const next = neighbours('graph.reachable_paths', g, node);
  if (next === undefined) {
    if (path.length > 0) out.add(path);
    return;
  }
  const here = [...path, node];
  const onPath = new RSet();
  here.forEach((x) => onPath.add(x));
  const fresh = next.filter((x) => !onPath.has(x));
  if (fresh.length === 0) out.add(here);
  for (const x of fresh) paths(g, x, here, out, budget);
}

export const graph: readonly Builtin[] = [
  def('graph.reachable_paths', 2, (args) => {
    const g = args[0]!;
    if (!(g instanceof RObject)) throw typeError('graph.reachable_paths', 1, 'object', g);
    const out = new RSet();
    const budget = { visits: 0 };
    for (const n of collection('graph.reachable_paths', args, 1)) paths(g, n, [], out, budget);
    return out;
  }),
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
