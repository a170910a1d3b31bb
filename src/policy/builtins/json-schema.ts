/**
 * json.verify_schema and json.match_schema: a JSON Schema subset (type, properties, required,
 * additionalProperties, items, enum, const, numeric and length bounds) reporting errors in
 * the shape and wording of gojsonschema, which OPA uses. Other keywords are ignored.
 */
import { RObject, RSet, equal, fromJSON, isNumber, type Value } from '../value.ts';
import { builtinError, def, typeError } from './args.ts';
import type { Builtin } from './types.ts';

const TYPES = ['array', 'boolean', 'integer', 'number', 'null', 'object', 'string'];
const MAX_DEPTH = 64;

class SchemaError extends Error {}

function asDoc(name: string, v: Value, i: number): Value {
  if (typeof v !== 'string') {
    if (v instanceof RSet) throw typeError(name, i, 'one of {object, string}', v);
    return v;
  }
  try {
    return fromJSON(JSON.parse(v));
  } catch (e) {
    throw builtinError(name, `${(e as Error).message}`);
  }
}

// Schema checks gojsonschema makes when loading a schema.
function checkSchema(s: Value, depth = 0): void {
  if (depth > MAX_DEPTH) throw new SchemaError('schema nested too deeply');
  if (typeof s === 'boolean') return;
  if (!(s instanceof RObject))
    throw new SchemaError('Invalid type. Expected: object, given: ' + kind(s));
  const t = s.get('type');
  for (const x of Array.isArray(t) ? t : t === undefined ? [] : [t])
    if (typeof x !== 'string' || !TYPES.includes(x))
      throw new SchemaError(
        `has a primitive type that is NOT VALID -- given: /${typeof x === 'string' ? x : String(x)}/ Expected valid values are:[${TYPES.join(' ')}]`,
      );
  const props = s.get('properties');
  if (props instanceof RObject) for (const [, p] of props.entries()) checkSchema(p, depth + 1);
  const items = s.get('items');
  if (items !== undefined && !Array.isArray(items)) checkSchema(items, depth + 1);
  const extra = s.get('additionalProperties');
  if (extra instanceof RObject) checkSchema(extra, depth + 1);
}

function kind(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return 'integer';
  if (typeof v === 'number') return 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

interface Issue {
  field: string;
  type: string;
  desc: string;
}

const join = (path: string, key: string) => (path === '(root)' ? key : `${path}.${key}`);

function typeOk(want: Value, v: Value): boolean {
  const k = kind(v);
  const ok = (t: Value) => t === k || (t === 'number' && k === 'integer');
  return Array.isArray(want) ? want.some(ok) : ok(want);
}

function bounds(s: RObject, v: Value, path: string, out: Issue[]): void {
  const n = (key: string) => {
    const b = s.get(key);
    return isNumber(b) ? Number(b) : undefined;
  };
  const push = (type: string, desc: string) => out.push({ field: path, type, desc });
  if (isNumber(v)) {
    const [min, max] = [n('minimum'), n('maximum')];
    if (min !== undefined && Number(v) < min)
      push('number_gte', `Must be greater than or equal to ${min}`);
    if (max !== undefined && Number(v) > max)
      push('number_lte', `Must be less than or equal to ${max}`);
  }
  if (typeof v === 'string') {
    const len = [...v].length;
    const [min, max] = [n('minLength'), n('maxLength')];
    if (min !== undefined && len < min)
      push('string_gte', `String length must be greater than or equal to ${min}`);
    if (max !== undefined && len > max)
      push('string_lte', `String length must be less than or equal to ${max}`);
  }
  if (Array.isArray(v)) {
    const [min, max] = [n('minItems'), n('maxItems')];
    if (min !== undefined && v.length < min)
      push('array_min_items', `Array must have at least ${min} items`);
    if (max !== undefined && v.length > max)
      push('array_max_items', `Array must have at most ${max} items`);
  }
}

function objectRules(s: RObject, v: RObject, path: string, out: Issue[], depth: number): void {
  const required = s.get('required');
  if (Array.isArray(required))
    for (const r of required)
      if (typeof r === 'string' && !v.has(r))
        out.push({ field: path, type: 'required', desc: `${r} is required` });
  const props = s.get('properties');
  const extra = s.get('additionalProperties');
  for (const [k, x] of v.entries()) {
    if (typeof k !== 'string') continue;
    const p = props instanceof RObject ? props.get(k) : undefined;
    if (p !== undefined) validate(p, x, join(path, k), out, depth + 1);
    else if (extra === false)
      out.push({
        field: path,
        type: 'additional_property_not_allowed',
        desc: `Additional property ${k} is not allowed`,
      });
    else if (extra instanceof RObject) validate(extra, x, join(path, k), out, depth + 1);
  }
}

function validate(s: Value, v: Value, path: string, out: Issue[], depth: number): void {
  if (depth > MAX_DEPTH) throw new SchemaError('document nested too deeply');
  if (s === false) out.push({ field: path, type: 'false', desc: 'False always fails validation' });
  if (!(s instanceof RObject)) return;
  const t = s.get('type');
  if (t !== undefined && !typeOk(t, v)) {
    const want = Array.isArray(t) ? t.join(',') : String(t);
    out.push({
      field: path,
      type: 'invalid_type',
      desc: `Invalid type. Expected: ${want}, given: ${kind(v)}`,
    });
    return;
  }
  const en = s.get('enum');
  if (Array.isArray(en) && !en.some((e) => equal(e, v)))
    out.push({
      field: path,
      type: 'enum',
      desc: `${path} must be one of the following: ${en.map((e) => JSON.stringify(e)).join(', ')}`,
    });
  const c = s.get('const');
  if (c !== undefined && !equal(c, v))
    out.push({ field: path, type: 'const', desc: `${path} does not match: ${JSON.stringify(c)}` });
  bounds(s, v, path, out);
  if (v instanceof RObject) objectRules(s, v, path, out, depth);
  const items = s.get('items');
  if (Array.isArray(v) && items !== undefined && !Array.isArray(items))
    v.forEach((x, i) => validate(items, x, join(path, String(i)), out, depth + 1));
}

function issueValue(i: Issue): RObject {
  const o = new RObject();
  o.set('desc', i.desc);
  o.set('error', `${i.field}: ${i.desc}`);
  o.set('field', i.field);
  o.set('type', i.type);
  return o;
}

export const jsonSchema: readonly Builtin[] = [
  def('json.verify_schema', 1, ([s]) => {
    const schema = asDoc('json.verify_schema', s!, 1);
    try {
      checkSchema(schema);
      return [true, null];
    } catch (e) {
      if (e instanceof SchemaError) return [false, `jsonschema: ${e.message}`];
      throw e;
    }
  }),
  def('json.match_schema', 2, ([d, s]) => {
    const doc = asDoc('json.match_schema', d!, 1);
    const schema = asDoc('json.match_schema', s!, 2);
    try {
      checkSchema(schema);
      const issues: Issue[] = [];
      validate(schema, doc, '(root)', issues, 0);
      return [issues.length === 0, issues.map(issueValue)];
    } catch (e) {
      if (e instanceof SchemaError) throw builtinError('json.match_schema', e.message);
      throw e;
    }
  }),
];
