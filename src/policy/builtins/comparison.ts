import { compare, equal } from '../value.ts';
import { def } from './args.ts';
import type { Builtin } from './types.ts';

export const comparison: readonly Builtin[] = [
  def('equal', 2, ([a, b]) => equal(a!, b!)),
  def('neq', 2, ([a, b]) => !equal(a!, b!)),
  def('lt', 2, ([a, b]) => compare(a!, b!) < 0),
  def('lte', 2, ([a, b]) => compare(a!, b!) <= 0),
  def('gt', 2, ([a, b]) => compare(a!, b!) > 0),
  def('gte', 2, ([a, b]) => compare(a!, b!) >= 0),
];
