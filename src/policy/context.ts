/** One evaluation context: input, data and function replacements (`with`), plus a cache. */
import { RObject, type Value } from './value.ts';

export type FnOverride =
  | { readonly kind: 'fn'; readonly name: readonly string[] }
  | { readonly kind: 'value'; readonly value: Value };

export interface DataOverride {
  readonly path: readonly string[];
  readonly value: Value;
}

export class EvalContext {
  readonly input: Value | undefined;
  readonly data: Value;
  readonly overrides: readonly DataOverride[];
  readonly fns: ReadonlyMap<string, FnOverride>;
  readonly cache = new Map<number, Value | undefined | typeof IN_PROGRESS>();

  constructor(
    input: Value | undefined,
    data: Value,
    overrides: readonly DataOverride[],
    fns: ReadonlyMap<string, FnOverride>,
  ) {
    this.input = input;
    this.data = data;
    this.overrides = overrides;
    this.fns = fns;
  }
}

export const IN_PROGRESS: unique symbol = Symbol('in-progress');

/** A copy of `base` with `value` placed at `path`, creating objects on the way. */
export function setAt(base: Value | undefined, path: readonly string[], value: Value): Value {
  if (path.length === 0) return value;
  const obj = new RObject();
  if (base instanceof RObject) for (const [k, v] of base.entries()) obj.set(k, v);
  const [head, ...rest] = path as [string, ...string[]];
  obj.set(head, setAt(obj.get(head), rest, value));
  return obj;
}
