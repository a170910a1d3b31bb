/** Document helpers for the evaluator: iteration, lookup, and building virtual documents. */
import type { CRule } from './compiler.ts';
import { RegoError } from './errors.ts';
import { RObject, RSet, equal, sortEntries, sortValues, type Value } from './value.ts';

/** Merge two documents defined at one path by different rules (sets union, objects deep). */
export function mergeDocs(a: Value, b: Value): Value {
  if (a instanceof RSet && b instanceof RSet) {
    const s = new RSet();
    a.values().forEach((x) => s.add(x));
    b.values().forEach((x) => s.add(x));
    return s;
  }
  if (a instanceof RObject && b instanceof RObject) {
    const o = new RObject();
    for (const [k, v] of a.entries()) o.set(k, v);
    for (const [k, v] of b.entries()) {
      const p = o.get(k);
      o.set(k, p === undefined ? v : mergeDocs(p, v));
    }
    return o;
  }
  if (equal(a, b)) return a;
  throw new RegoError('eval_conflict_error', 'object keys must be unique');
}

export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Calls `k(key, value)` for each element of a collection; stops when `k` returns true. */
export function iterate(v: Value, k: (key: Value, val: Value) => boolean): boolean {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (k(BigInt(i), v[i]!)) return true;
  } else if (v instanceof RObject) {
    // OPA iterates objects and sets in sorted order; results (array comprehensions) show it.
    for (const [key, val] of sortEntries(v.entries())) if (k(key, val)) return true;
  } else if (v instanceof RSet) {
    for (const x of sortValues(v.values())) if (k(x, x)) return true;
  }
  return false;
}

/** Lookup in base data, where `data[2]` also finds the key "2" (JSON keys are strings). */
export function lookupData(v: Value | undefined, key: Value): Value | undefined {
  const x = lookup(v, key);
  if (x !== undefined || typeof key !== 'bigint' || !(v instanceof RObject)) return x;
  return v.get(key.toString());
}

export function lookup(v: Value | undefined, key: Value): Value | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (typeof key === 'bigint')
      return key >= 0n && key < BigInt(v.length) ? v[Number(key)] : undefined;
    return undefined;
  }
  if (v instanceof RObject) return v.get(key);
  if (v instanceof RSet) return v.has(key) ? key : undefined;
  return undefined;
}

/** Objects and sets insertAt created itself, and so may write into. */
const OWNED = new WeakSet<object>();

export function insertAt(
  obj: RObject,
  keys: Value[],
  v: Value,
  multi: boolean,
  loc: CRule['loc'],
): void {
  let cur = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    let next = cur.get(k);
    if (next === undefined) {
      next = new RObject();
      OWNED.add(next);
      cur.set(k, next);
    }
    if (!(next instanceof RObject))
      throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
    if (!OWNED.has(next)) {
      // a value from elsewhere (a rule result, a cached literal): copy before writing into it
      const copy = new RObject();
      next.entries().forEach(([a, b]) => copy.set(a, b));
      OWNED.add(copy);
      cur.set(k, copy);
      next = copy;
    }
    cur = next;
  }
  const last = keys[keys.length - 1]!;
  if (multi) {
    let s = cur.get(last);
    if (s === undefined) {
      s = new RSet();
      OWNED.add(s);
      cur.set(last, s);
    }
    if (!(s instanceof RSet))
      throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
    if (!OWNED.has(s)) {
      const copy = new RSet();
      s.values().forEach((x) => copy.add(x));
      OWNED.add(copy);
      cur.set(last, copy);
      s = copy;
    }
    s.add(v);
    return;
  }
  const prev = cur.get(last);
  if (prev !== undefined && !equal(prev, v))
    throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
  cur.set(last, v);
}
