import { BuiltinError } from '../errors.ts';
import { isNumber, numFromString } from '../value.ts';
import { def, typeError } from './args.ts';
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
        `strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`,
      );
    }
    throw typeError('to_number', 1, 'one of {null, boolean, number, string}', v!);
  }),
];
