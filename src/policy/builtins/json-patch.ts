/** json.patch: RFC 6902 operations on Rego values (sets patchable by element); failure is undefined. */
import { RObject, RSet, equal, fromJSON, type Value } from '../value.ts';
import { def, typeError } from './args.ts';
import type { Builtin } from './types.ts';

class PatchFailed extends Error {}

function segments(p: Value | undefined): Value[] {
  if (Array.isArray(p)) return p;
  if (typeof p !== 'string') throw new PatchFailed('path');
  if (p === '') return [];
  // OPA also accepts paths without the leading slash
  return (p.startsWith('/') ? p.slice(1) : p)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function index(seg: Value, len: number, allowEnd: boolean): number {
  if (seg === '-' && allowEnd) return len;
  const s = typeof seg === 'bigint' ? seg.toString() : seg;
  if (typeof s !== 'string' || !/^(0|[1-9]\d*)$/.test(s)) throw new PatchFailed('index');
  const i = Number(s);
  if (i > len || (!allowEnd && i === len)) throw new PatchFailed('index');
  return i;
}

// A set element named by a path segment: the segment itself, or its JSON reading.
function setElement(s: RSet, seg: Value): Value {
  if (s.has(seg)) return seg;
  if (typeof seg === 'string') {
    try {
      const v = fromJSON(JSON.parse(seg));
      if (s.has(v)) return v;
    } catch {
      // not JSON: the segment names no element
    }
  }
  return seg;
}

function get(doc: Value, segs: Value[]): Value {
  let cur = doc;
  for (const seg of segs) {
    let next: Value | undefined;
    if (cur instanceof RObject) next = cur.get(seg);
    else if (Array.isArray(cur)) next = cur[index(seg, cur.length, false)];
    else if (cur instanceof RSet) {
      const e = setElement(cur, seg);
      next = cur.has(e) ? e : undefined;
    }
    if (next === undefined) throw new PatchFailed('missing');
    cur = next;
  }
  return cur;
}

type Op = 'add' | 'remove' | 'replace';

function apply(doc: Value, segs: Value[], op: Op, value?: Value): Value {
  if (segs.length === 0) {
    if (op === 'remove') throw new PatchFailed('root');
    return value!;
  }
  const [seg, ...rest] = segs as [Value, ...Value[]];
  if (doc instanceof RObject) {
    const out = new RObject();
    doc.entries().forEach(([k, v]) => out.set(k, v));
    if (rest.length > 0) {
      const child = doc.get(seg);
      if (child === undefined) throw new PatchFailed('missing');
      out.set(seg, apply(child, rest, op, value));
    } else if (op === 'add') out.set(seg, value!);
    else {
      if (!doc.has(seg)) throw new PatchFailed('missing');
      if (op === 'replace') out.set(seg, value!);
      else out.map.delete([...out.map.entries()].find(([, e]) => equal(e[0], seg))![0]);
    }
    return out;
  }
  if (Array.isArray(doc)) {
    const out = [...doc];
    if (rest.length > 0) {
      const i = index(seg, doc.length, false);
      out[i] = apply(doc[i]!, rest, op, value);
    } else if (op === 'add') out.splice(index(seg, doc.length, true), 0, value!);
    else if (op === 'replace') out[index(seg, doc.length, false)] = value!;
    else out.splice(index(seg, doc.length, false), 1);
    return out;
  }
  if (doc instanceof RSet) {
    const out = new RSet();
    const e = setElement(doc, seg);
    if (rest.length > 0) throw new PatchFailed('set nesting');
    if (op === 'add') {
      if (!equal(e, value!)) throw new PatchFailed('set value');
      doc.values().forEach((x) => out.add(x));
      out.add(value!);
      return out;
    }
    if (!doc.has(e)) throw new PatchFailed('missing');
    doc.values().forEach((x) => !equal(x, e) && out.add(x));
    if (op === 'replace') out.add(value!);
    return out;
  }
  throw new PatchFailed('not a collection');
}

function step(doc: Value, p: Value): Value {
  if (!(p instanceof RObject)) throw new PatchFailed('op');
  const op = p.get('op');
  const path = segments(p.get('path'));
  const value = p.get('value');
  switch (op) {
    case 'add':
    case 'replace':
      if (value === undefined) throw new PatchFailed('value');
      return apply(doc, path, op, value);
    case 'remove':
      return apply(doc, path, 'remove');
    case 'move': {
      const from = segments(p.get('from'));
      const v = get(doc, from);
      return apply(apply(doc, from, 'remove'), path, 'add', v);
    }
    case 'copy':
      return apply(doc, path, 'add', get(doc, segments(p.get('from'))));
    case 'test':
      if (value === undefined || !equal(get(doc, path), value)) throw new PatchFailed('test');
      return doc;
    default:
      throw new PatchFailed('op');
  }
}

export const jsonPatch: readonly Builtin[] = [
  def('json.patch', 2, (args) => {
    const patches = args[1]!;
    if (!Array.isArray(patches)) throw typeError('json.patch', 2, 'array', patches);
    try {
      return patches.reduce<Value>((doc, p) => step(doc, p), args[0]!);
    } catch (err) {
      if (err instanceof PatchFailed) return undefined;
      throw err;
    }
  }),
];
