/** json.filter and json.remove: keep or drop the documents at `a/b/c`-style paths. */
import { RObject, RSet, keyOf, type Value } from '../value.ts';
import { def, obj, typeError } from './args.ts';
import type { Builtin } from './types.ts';

interface Trie {
  end: boolean;
  children: Map<string, { seg: Value; node: Trie }>;
}

function trieOf(name: string, v: Value): Trie {
  const expected = 'one of {set, array} containing string paths or array of path segments';
  const items = Array.isArray(v) ? v : v instanceof RSet ? v.values() : undefined;
  if (!items) throw typeError(name, 2, 'one of {set, array}', v);
  const root: Trie = { end: false, children: new Map() };
  for (const p of items) {
    let segs: Value[];
    if (typeof p === 'string')
      segs = p
        .replace(/^\//, '')
        .split('/')
        .filter((s, i, a) => !(s === '' && a.length === 1));
    else if (Array.isArray(p)) segs = p;
    else throw typeError(name, 2, expected, p);
    let node = root;
    for (const seg of segs) {
      const k = keyOf(typeof seg === 'bigint' ? seg.toString() : seg);
      let child = node.children.get(k);
      if (!child) {
        child = { seg, node: { end: false, children: new Map() } };
        node.children.set(k, child);
      }
      node = child.node;
    }
    node.end = true;
  }
  return root;
}

// The trie child matching a collection key (array indices match their decimal string).
function childFor(t: Trie, key: Value): Trie | undefined {
  return t.children.get(keyOf(typeof key === 'bigint' ? key.toString() : key))?.node;
}

function entries(v: Value): [Value, Value][] | undefined {
  if (v instanceof RObject) return v.entries();
  if (Array.isArray(v)) return v.map((x, i) => [BigInt(i), x]);
  if (v instanceof RSet) return v.values().map((x) => [x, x]);
  return undefined;
}

function rebuild(like: Value, kept: [Value, Value][]): Value {
  if (like instanceof RObject) {
    const o = new RObject();
    kept.forEach(([k, v]) => o.set(k, v));
    return o;
  }
  if (like instanceof RSet) {
    const s = new RSet();
    kept.forEach(([, v]) => s.add(v));
    return s;
  }
  return kept.map(([, v]) => v);
}

function filter(v: Value, t: Trie): Value | undefined {
  if (t.end) return v;
  const es = entries(v);
  if (!es) return undefined;
  const kept: [Value, Value][] = [];
  for (const [k, x] of es) {
    const c = childFor(t, k);
    const r = c ? filter(x, c) : undefined;
    if (r !== undefined) kept.push([k, r]);
  }
  return rebuild(v, kept);
}

function remove(v: Value, t: Trie): Value | undefined {
  if (t.end) return undefined;
  const es = entries(v);
  if (!es) return v;
  const kept: [Value, Value][] = [];
  for (const [k, x] of es) {
    const c = childFor(t, k);
    const r = c ? remove(x, c) : x;
    if (r !== undefined) kept.push([k, r]);
  }
  return rebuild(v, kept);
}

export const jsonPaths: readonly Builtin[] = [
  def(
    'json.filter',
    2,
    (args) => filter(obj('json.filter', args, 0), trieOf('json.filter', args[1]!)) ?? new RObject(),
  ),
  def(
    'json.remove',
    2,
    (args) => remove(obj('json.remove', args, 0), trieOf('json.remove', args[1]!)) ?? new RObject(),
  ),
];
