import { RSet } from '../value.ts';
import { def, set, setOf, typeError } from './args.ts';
import type { Builtin } from './types.ts';

function setsOf(name: string, v: unknown): RSet[] {
  if (!(v instanceof RSet)) throw typeError(name, 1, 'set', v as RSet);
  return v.values().map((s) => {
    if (!(s instanceof RSet)) throw typeError(name, 1, 'set of sets', v);
    return s;
  });
}

export const sets: readonly Builtin[] = [
  def('and', 2, (args) => {
    const a = set('and', args, 0);
    const b = set('and', args, 1);
    return setOf(a.values().filter((x) => b.has(x)));
  }),
  def('or', 2, (args) => setOf([...set('or', args, 0).values(), ...set('or', args, 1).values()])),
  def('intersection', 1, (args) => {
    const ss = setsOf('intersection', args[0]);
    if (ss.length === 0) return new RSet();
    return setOf(ss[0]!.values().filter((x) => ss.every((s) => s.has(x))));
  }),
  def('union', 1, (args) => setOf(setsOf('union', args[0]).flatMap((s) => s.values()))),
];
