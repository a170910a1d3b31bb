import { def, arr, int, num } from './args.ts';
import type { Builtin } from './types.ts';

export const arrays: readonly Builtin[] = [
  def('array.concat', 2, (args) => [
    ...arr('array.concat', args, 0),
    ...arr('array.concat', args, 1),
  ]),
  def('array.flatten', 1, (args) =>
    arr('array.flatten', args, 0).flatMap((x) => (Array.isArray(x) ? x : [x])),
  ),
  def('array.reverse', 1, (args) => [...arr('array.reverse', args, 0)].reverse()),
  def('array.slice', 3, (args) => {
    const a = arr('array.slice', args, 0);
    num('array.slice', args, 1);
    num('array.slice', args, 2);
    let s = Number(int('array.slice', args, 1));
    let e = Number(int('array.slice', args, 2));
    if (s < 0) s = 0;
    if (e > a.length) e = a.length;
    if (s > e) return [];
    return a.slice(s, e);
  }),
];
