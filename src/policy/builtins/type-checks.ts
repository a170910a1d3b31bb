import { RObject, RSet, isNumber, typeName, type Value } from '../value.ts';
import { def } from './args.ts';
import type { Builtin } from './types.ts';

const is = (name: string, p: (v: Value) => boolean): Builtin => def(name, 1, ([v]) => p(v!));

export const typeChecks: readonly Builtin[] = [
  is('is_number', isNumber),
  is('is_string', (v) => typeof v === 'string'),
  is('is_boolean', (v) => typeof v === 'boolean'),
  is('is_array', (v) => Array.isArray(v)),
  is('is_set', (v) => v instanceof RSet),
  is('is_object', (v) => v instanceof RObject),
  is('is_null', (v) => v === null),
  def('type_name', 1, ([v]) => typeName(v!)),
];
