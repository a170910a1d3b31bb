/** walk(x, [path, value]): a relation yielding every path in a document, root first. */
import { RObject, RSet, type Value } from '../value.ts';
import type { Builtin } from './types.ts';

function visit(path: Value[], v: Value, out: Value[]): void {
  out.push([[...path], v]);
  if (Array.isArray(v)) v.forEach((x, i) => visit([...path, BigInt(i)], x, out));
  else if (v instanceof RObject) for (const [k, x] of v.entries()) visit([...path, k], x, out);
  else if (v instanceof RSet) for (const x of v.values()) visit([...path, x], x, out);
}

export const walk: readonly Builtin[] = [
  {
    name: 'walk',
    arity: 1,
    relation: true,
    call(args) {
      const out: Value[] = [];
      visit([], args[0]!, out);
      return out;
    },
  },
];
