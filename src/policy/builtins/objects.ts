import { RObject, RSet, equal, type Value } from '../value.ts';
import { def, obj, typeError } from './args.ts';
import type { Builtin } from './types.ts';

function keysOf(name: string, v: Value, i: number): Value[] {
  if (Array.isArray(v)) return v;
  if (v instanceof RSet) return v.values();
  if (v instanceof RObject) return v.keys();
  throw typeError(name, i, 'one of {object, set, array}', v);
}

function merge(a: RObject, b: RObject): RObject {
  const out = new RObject();
  for (const [k, v] of a.entries()) out.set(k, v);
  for (const [k, v] of b.entries()) {
    const prev = out.get(k);
    out.set(k, prev instanceof RObject && v instanceof RObject ? merge(prev, v) : v);
  }
  return out;
}

function subset(sup: Value, sub: Value): boolean {
  if (sup instanceof RObject && sub instanceof RObject) {
    return sub.entries().every(([k, v]) => {
      const s = sup.get(k);
      return s !== undefined && subset(s, v);
    });
  }
  if (sup instanceof RSet && sub instanceof RSet) return sub.values().every((x) => sup.has(x));
  if (Array.isArray(sup) && Array.isArray(sub)) {
    if (sub.length === 0) return true;
    for (let i = 0; i + sub.length <= sup.length; i++)
      if (sub.every((x, j) => equal(x, sup[i + j]!))) return true;
    return false;
  }
  if (Array.isArray(sup) && sub instanceof RSet)
    return sub.values().every((x) => sup.some((y) => equal(x, y)));
  return equal(sup, sub);
}

export const objects: readonly Builtin[] = [
  def('object.get', 3, (args) => {
    const o = args[0]!;
    const key = args[1]!;
    const dflt = args[2]!;
    if (!(o instanceof RObject)) throw typeError('object.get', 1, 'object', o);
    if (!Array.isArray(key)) return o.get(key) ?? dflt;
    let cur: Value = o;
    for (const k of key) {
      let next: Value | undefined;
      if (cur instanceof RObject) next = cur.get(k);
      else if (Array.isArray(cur) && typeof k === 'bigint')
        next = k >= 0n && k < BigInt(cur.length) ? cur[Number(k)] : undefined;
      else if (cur instanceof RSet) next = cur.has(k) ? k : undefined;
      if (next === undefined) return dflt;
      cur = next;
    }
    return cur;
  }),
  def('object.keys', 1, (args) => {
    const s = new RSet();
    obj('object.keys', args, 0)
      .keys()
      .forEach((k) => s.add(k));
    return s;
  }),
  def('object.remove', 2, (args) => {
    const o = obj('object.remove', args, 0);
    const drop = new RSet();
    keysOf('object.remove', args[1]!, 2).forEach((k) => drop.add(k));
    const out = new RObject();
    for (const [k, v] of o.entries()) if (!drop.has(k)) out.set(k, v);
    return out;
  }),
  def('object.filter', 2, (args) => {
    const o = obj('object.filter', args, 0);
    const keep = new RSet();
    keysOf('object.filter', args[1]!, 2).forEach((k) => keep.add(k));
    const out = new RObject();
    for (const [k, v] of o.entries()) if (keep.has(k)) out.set(k, v);
    return out;
  }),
  def('object.union', 2, (args) =>
    merge(obj('object.union', args, 0), obj('object.union', args, 1)),
  ),
  def('object.union_n', 1, (args) => {
    const list = args[0]!;
    if (!Array.isArray(list)) throw typeError('object.union_n', 1, 'array', list);
    let out = new RObject();
    for (const o of list) {
      if (!(o instanceof RObject)) throw typeError('object.union_n', 1, 'array of objects', list);
      out = merge(out, o);
    }
    return out;
  }),
  def('object.subset', 2, (args) => {
    const [a, b] = args as [Value, Value];
    const ok = (v: Value) => v instanceof RObject || v instanceof RSet || Array.isArray(v);
    if (!ok(a)) throw typeError('object.subset', 1, 'one of {object, set, array}', a);
    if (!ok(b)) throw typeError('object.subset', 2, 'one of {object, set, array}', b);
    return subset(a, b);
  }),
  def('internal.member_2', 2, ([x, c]) => {
    if (Array.isArray(c)) return c.some((y) => equal(x!, y));
    if (c instanceof RSet) return c.has(x!);
    if (c instanceof RObject) return c.entries().some(([, v]) => equal(x!, v));
    return false;
  }),
  def('internal.member_3', 3, ([k, x, c]) => {
    if (Array.isArray(c))
      return typeof k === 'bigint' && k >= 0n && k < BigInt(c.length) && equal(c[Number(k)]!, x!);
    if (c instanceof RObject) {
      const v = c.get(k!);
      return v !== undefined && equal(v, x!);
    }
    if (c instanceof RSet) return c.has(x!) && equal(k!, x!);
    return false;
  }),
];
