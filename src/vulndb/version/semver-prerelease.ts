import { compareDigits, compareStrings, type Ordering } from './comparator.ts';

const NUMERIC = /^\d+$/;

/**
 * SemVer 2.0.0 §11 precedence of dot-separated pre-release identifiers: numeric ones compare
 * as numbers and sort before alphanumeric ones, alphanumeric ones compare in ASCII order, and
 * a longer list wins when all shared identifiers are equal. An empty list (a release) sorts
 * after every pre-release. `fold` lower-cases text identifiers first (NuGet).
 */
export function comparePrerelease(
  a: readonly string[],
  b: readonly string[],
  fold = false,
): Ordering {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const nx = NUMERIC.test(x);
    const ny = NUMERIC.test(y);
    let r: Ordering;
    if (nx && ny) r = compareDigits(x, y);
    else if (nx !== ny) r = nx ? -1 : 1;
    else r = fold ? compareStrings(x.toLowerCase(), y.toLowerCase()) : compareStrings(x, y);
    if (r !== 0) return r;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
