/**
 * Rego values. Numbers are arbitrary-precision like OPA's: integers are `bigint` (exact beyond
 * 2^53), non-integers are IEEE doubles. Objects and sets are keyed by a canonical string so
 * that structurally equal values collide, whatever their JS identity.
 */
export type Value = null | boolean | string | bigint | number | Value[] | RObject | RSet;

export class RObject {
  readonly map = new Map<string, [Value, Value]>();
  get size(): number {
    return this.map.size;
  }
  get(k: Value): Value | undefined {
    return this.map.get(keyOf(k))?.[1];
  }
  set(k: Value, v: Value): void {
    this.map.set(keyOf(k), [k, v]);
  }
  has(k: Value): boolean {
    return this.map.has(keyOf(k));
  }
  entries(): [Value, Value][] {
    return [...this.map.values()];
  }
  keys(): Value[] {
    return [...this.map.values()].map((e) => e[0]);
  }
}

export class RSet {
  readonly map = new Map<string, Value>();
  get size(): number {
    return this.map.size;
  }
  add(v: Value): void {
    this.map.set(keyOf(v), v);
  }
  has(v: Value): boolean {
    return this.map.has(keyOf(v));
  }
  values(): Value[] {
    return [...this.map.values()];
  }
}

export function isNumber(v: Value | undefined): v is bigint | number {
  return typeof v === 'bigint' || typeof v === 'number';
}

/** Integral doubles within the exact range become bigints, so 4/2 and 2 are the same value. */
export function normNum(n: number | bigint): bigint | number {
  if (typeof n === 'bigint') return n;
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return BigInt(n);
  return n;
}

export function numFromString(s: string): bigint | number {
  if (/^-?\d+$/.test(s)) return BigInt(s);
  const f = Number(s);
  if (Number.isInteger(f) && /^-?\d+\.0*$/.test(s)) return BigInt(s.split('.')[0] ?? '0');
  return normNum(f);
}

function numKey(n: bigint | number): string {
  if (typeof n === 'bigint') return n.toString();
  if (Number.isInteger(n) && Number.isFinite(n)) return BigInt(n).toString();
  return String(n);
}

/** Canonical key: equal values have equal keys. */
export function keyOf(v: Value): string {
  if (v === null) return 'z';
  switch (typeof v) {
    case 'boolean':
      return v ? 't' : 'f';
    case 'string':
      return 's' + JSON.stringify(v);
    case 'bigint':
    case 'number':
      return 'n' + numKey(v);
    default:
      break;
  }
  if (Array.isArray(v)) return 'a[' + v.map(keyOf).join(',') + ']';
  if (v instanceof RSet) return 'S{' + [...v.map.keys()].sort().join(',') + '}';
  const parts = [...v.map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return 'O{' + parts.map(([k, e]) => k + ':' + keyOf(e[1])).join(',') + '}';
}

function typeRank(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return 1;
  if (isNumber(v)) return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 4;
  if (v instanceof RObject) return 5;
  return 6;
}

export function compareNum(a: bigint | number, b: bigint | number): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** OPA's total order: null < booleans < numbers < strings < arrays < objects < sets. */
export function compare(a: Value, b: Value): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (a === null) return 0;
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (isNumber(a)) return compareNum(a, b as bigint | number);
  if (typeof a === 'string') return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  if (Array.isArray(a)) return compareSeq(a, b as Value[]);
  if (a instanceof RSet)
    return compareSeq(sortValues(a.values()), sortValues((b as RSet).values()));
  const ea = sortEntries((a as RObject).entries());
  const eb = sortEntries((b as RObject).entries());
  for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
    const c = compare(ea[i]![0], eb[i]![0]);
    if (c !== 0) return c;
    const d = compare(ea[i]![1], eb[i]![1]);
    if (d !== 0) return d;
  }
  return ea.length - eb.length;
}

function compareSeq(a: Value[], b: Value[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compare(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export function sortValues(vs: Value[]): Value[] {
  return [...vs].sort(compare);
}

export function sortEntries(es: [Value, Value][]): [Value, Value][] {
  return [...es].sort((x, y) => compare(x[0], y[0]));
}

export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  return typeRank(a) === typeRank(b) && keyOf(a) === keyOf(b);
}

export type JSONValue = null | boolean | number | string | JSONValue[] | { [k: string]: JSONValue };

/** JSON in: numbers keep their exactness when the text is given as a bigint-safe number. */
export function fromJSON(j: unknown): Value {
  if (j === null || j === undefined) return null;
  if (typeof j === 'boolean' || typeof j === 'string') return j;
  if (typeof j === 'number') return normNum(j);
  if (typeof j === 'bigint') return j;
  if (Array.isArray(j)) return j.map(fromJSON);
  if (typeof j === 'object') {
    const o = new RObject();
    for (const [k, v] of Object.entries(j as Record<string, unknown>)) o.set(k, fromJSON(v));
    return o;
  }
  return null;
}

/**
 * JSON out, as `opa eval --format json` writes it: sets become sorted arrays, non-string object
 * keys become their Rego text. Integers beyond 2^53 are returned as `bigint`; use
 * `stringifyJSON` to print them exactly.
 */
export function toJSON(v: Value): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map(toJSON);
  if (v instanceof RSet) return sortValues(v.values()).map(toJSON);
  const out: Record<string, unknown> = {};
  for (const [k, e] of sortEntries(v.entries()))
    out[typeof k === 'string' ? k : stringifyJSON(toJSON(k))] = toJSON(e);
  return out;
}

/** JSON.stringify that writes bigints as exact integers. */
export function stringifyJSON(v: unknown, indent?: number): string {
  const marks: string[] = [];
  const s = JSON.stringify(
    v,
    (_k, x: unknown) => {
      if (typeof x === 'bigint') {
        marks.push(x.toString());
        return `\u0000big${marks.length - 1}\u0000`;
      }
      return x;
    },
    indent,
  );
  return s.replace(/"\\u0000big(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)] ?? '0');
}

export function numToString(n: bigint | number): string {
  if (typeof n === 'bigint') return n.toString();
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n).replace('e+', 'e+');
}

/** Rego's text form of a value (used by sprintf %v, object-key rendering, error messages). */
export function toRegoString(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (isNumber(v)) return numToString(v);
  if (Array.isArray(v)) return '[' + v.map(toRegoString).join(', ') + ']';
  if (v instanceof RSet) {
    if (v.size === 0) return 'set()';
    return '{' + sortValues(v.values()).map(toRegoString).join(', ') + '}';
  }
  return (
    '{' +
    sortEntries(v.entries())
      .map(([k, x]) => toRegoString(k) + ': ' + toRegoString(x))
      .join(', ') +
    '}'
  );
}

export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (isNumber(v)) return 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  if (v instanceof RSet) return 'set';
  return 'object';
}

export function truthy(v: Value | undefined): boolean {
  return v !== undefined && v !== false;
}
