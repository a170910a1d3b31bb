import {
  checkInput,
  compareDigits,
  hasSpaceOrControl,
  invalid,
  type Ordering,
  type VersionComparator,
} from './comparator.ts';

/** A version canonicalised as PHP's `php_canonicalize_version` does. */
export type PackagistVersion = string;

const NAME = 'packagist';

// PHP's special version forms, matched as prefixes in this order; a number ranks as `#`.
const SPECIAL_FORMS: readonly (readonly [string, number])[] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];
const NUMBER = '#N#';

/**
 * Packagist (Composer) versions ordered as PHP's `version_compare`, which Composer's own
 * comparator uses: a leading `v` dropped, `-`, `_`, `+` and other punctuation become `.`,
 * a dot is inserted between digits and letters, then parts compare as numbers or as the
 * special forms dev < alpha = a < beta = b < RC = rc < (number) < pl = p. Like PHP (and
 * unlike Composer's constraint parser) the forms are case-sensitive: `ALPHA` is an unknown
 * form that ranks below `dev`.
 */
export const packagist: VersionComparator<PackagistVersion> = {
  name: NAME,
  ecosystems: ['Packagist'],
  parse(input) {
    const v = checkInput(input, NAME).trim();
    if (v.length === 0 || hasSpaceOrControl(v))
      throw invalid(NAME, input, 'empty or contains whitespace');
    return canonicalize(v.replace(/^v(?=\d)/i, ''));
  },
  compare: compareCanonical,
};

function kind(c: string | undefined): 'digit' | 'dot' | 'other' {
  if (c === undefined) return 'other';
  if (c >= '0' && c <= '9') return 'digit';
  return c === '.' ? 'dot' : 'other';
}

function isAlnum(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// php_canonicalize_version.
function canonicalize(v: string): string {
  let out = v[0]!;
  let last = v[0]!;
  for (let i = 1; i < v.length; i++) {
    const c = v[i]!;
    const sep = out.endsWith('.') ? '' : '.';
    const lk = kind(last);
    const ck = kind(c);
    if (c === '-' || c === '_' || c === '+') out += sep;
    else if ((lk === 'other' && ck === 'digit') || (lk === 'digit' && ck === 'other'))
      out += sep + c;
    else if (!isAlnum(c)) out += sep;
    else out += c;
    last = c;
  }
  return out;
}

function specialRank(form: string): number {
  for (const [name, rank] of SPECIAL_FORMS) if (form.startsWith(name)) return rank;
  return -1;
}

function isDigitStart(s: string | undefined): boolean {
  return s !== undefined && s.length > 0 && s[0]! >= '0' && s[0]! <= '9';
}

function compareSpecial(a: string, b: string): Ordering {
  const x = specialRank(a);
  const y = specialRank(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function comparePart(a: string, b: string): Ordering {
  const da = isDigitStart(a);
  const db = isDigitStart(b);
  if (da && db) return compareDigits(a.match(/^\d+/)![0], b.match(/^\d+/)![0]);
  if (!da && !db) return compareSpecial(a, b);
  return da ? compareSpecial(NUMBER, b) : compareSpecial(a, NUMBER);
}

// php_version_compare, walking the canonical strings part by part exactly as PHP's C loop
// does (an empty part stops the walk). Identical strings are equal, which PHP itself does
// not guarantee for odd inputs such as `1.2.3.#`.
function compareCanonical(a: string, b: string): Ordering {
  if (a === b) return 0;
  if (a === '' || b === '') return a === '' ? -1 : 1;
  let p1 = 0;
  let p2 = 0;
  let n1 = -2;
  let n2 = -2;
  while (p1 < a.length && p2 < b.length && n1 !== -1 && n2 !== -1) {
    n1 = a.indexOf('.', p1);
    n2 = b.indexOf('.', p2);
    const result = comparePart(
      a.slice(p1, n1 === -1 ? undefined : n1),
      b.slice(p2, n2 === -1 ? undefined : n2),
    );
    if (result !== 0) return result;
    if (n1 !== -1) p1 = n1 + 1;
    if (n2 !== -1) p2 = n2 + 1;
  }
  if (n1 !== -1 && n1 !== -2)
    return isDigitStart(a[p1]) ? 1 : compareCanonical(a.slice(p1), NUMBER);
  if (n2 !== -1 && n2 !== -2)
    return isDigitStart(b[p2]) ? -1 : compareCanonical(NUMBER, b.slice(p2));
  return 0;
}
