import { BuiltinError } from '../errors.ts';
import { RObject, RSet, isNumber, numFromString, sortValues, type Value } from '../value.ts';
import { def, set, setOf, typeError } from './args.ts';
import type { Builtin } from './types.ts';

export const casts: readonly Builtin[] = [
  def('to_number', 1, ([v]) => {
    if (v === null) return 0n;
    if (typeof v === 'boolean') return v ? 1n : 0n;
    if (isNumber(v)) return v;
    if (typeof v === 'string') {
      const t = v.trim();
      if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) && t === v)
        return numFromString(t.replace(/^\+/, ''));
      if (/^[+-]?(inf|infinity|nan)$/i.test(v))
        throw new BuiltinError('eval_type_error', 'to_number: invalid syntax');
      throw new BuiltinError(
        'eval_builtin_error',
        `to_number: strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`,
      );
    }
    throw typeError('to_number', 1, 'one of {null, boolean, number, string}', v!);
  }),
];

// Deprecated v0 casts: identity on the right type, a type error otherwise.
const cast = (name: string, type: string, ok: (v: Value) => boolean): Builtin =>
  def(name, 1, ([v]) => {
    if (!ok(v!)) throw typeError(name, 1, type, v!);
    return v!;
  });

export const deprecatedCasts: readonly Builtin[] = [
  cast('cast_null', 'null', (v) => v === null),
  cast('cast_boolean', 'boolean', (v) => typeof v === 'boolean'),
  cast('cast_string', 'string', (v) => typeof v === 'string'),
  def('cast_array', 1, ([v]) => {
    if (Array.isArray(v)) return v;
    if (v instanceof RSet) return sortValues(v.values());
    throw typeError('cast_array', 1, 'one of {array, set}', v!);
  }),
  cast('cast_object', 'object', (v) => v instanceof RObject),
  def('cast_set', 1, ([v]) => {
    if (v instanceof RSet) return v;
    if (Array.isArray(v)) return setOf(v);
    throw typeError('cast_set', 1, 'one of {array, set}', v!);
  }),
  def('set_diff', 2, (args) => {
    const a = set('set_diff', args, 0);
    const b = set('set_diff', args, 1);
    return setOf(a.values().filter((x) => !b.has(x)));
  }),
];
