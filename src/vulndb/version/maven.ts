import {
  checkInput,
  compareDigits,
  compareStrings,
  hasSpaceOrControl,
  invalid,
  type Ordering,
  type VersionComparator,
} from './comparator.ts';

/** Maven's ComparableVersion item tree: numbers, qualifiers and nested lists. */
export type MavenItem =
  | { readonly kind: 'int'; readonly digits: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'list'; readonly items: MavenItem[] };

export type MavenVersion = MavenItem & { readonly kind: 'list' };

const NAME = 'maven';

// Known qualifiers in ascending order; "" is the release itself (ga, final, release alias it).
const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE_INDEX = QUALIFIERS.indexOf('');
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };

/**
 * Maven versions ordered as `org.apache.maven.artifact.versioning.ComparableVersion`: split on
 * `.`, `-` and digit/letter transitions; `-` opens a sub-list; trailing zeros and release
 * qualifiers are dropped; qualifiers rank alpha < beta < milestone < rc < snapshot < release < sp
 * < any other qualifier (alphabetically), and numbers rank above qualifiers.
 */
export const maven: VersionComparator<MavenVersion> = {
  name: NAME,
  ecosystems: ['Maven'],
  parse(input) {
    const v = checkInput(input, NAME);
    if (hasSpaceOrControl(v)) throw invalid(NAME, input, 'contains whitespace');
    return parseMaven(v.toLowerCase());
  },
  compare: (a, b) => compareItems(a, b),
};

function parseMaven(version: string): MavenVersion {
  const root: MavenVersion = { kind: 'list', items: [] };
  let list: MavenVersion = root;
  const stack: MavenVersion[] = [root];
  const push = (): void => {
    const next: MavenVersion = { kind: 'list', items: [] };
    list.items.push(next);
    list = next;
    stack.push(next);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < version.length; i++) {
    const c = version[i]!;
    if (c === '.' || c === '-') {
      list.items.push(
        i === start ? { kind: 'int', digits: '0' } : item(isDigit, version.slice(start, i), false),
      );
      start = i + 1;
      if (c === '-') push();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.items.push(item(false, version.slice(start, i), true));
        start = i;
        push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(item(true, version.slice(start, i), false));
        start = i;
        push();
      }
      isDigit = false;
    }
  }
  if (version.length > start) list.items.push(item(isDigit, version.slice(start), false));
  for (let l = stack.pop(); l; l = stack.pop()) normalize(l);
  return root;
}

function item(isDigit: boolean, text: string, followedByDigit: boolean): MavenItem {
  if (isDigit) return { kind: 'int', digits: text.replace(/^0+(?=\d)/, '') };
  let value = text;
  // `1a1` means alpha 1: single letters a, b and m abbreviate when a number follows.
  if (followedByDigit && value.length === 1) {
    value = value === 'a' ? 'alpha' : value === 'b' ? 'beta' : value === 'm' ? 'milestone' : value;
  }
  return { kind: 'string', value: ALIASES[value] ?? value };
}

function isNull(it: MavenItem): boolean {
  if (it.kind === 'int') return it.digits === '0';
  if (it.kind === 'string') return it.value === '';
  return it.items.length === 0;
}

// Drop trailing "null" items (0, release qualifiers, empty lists) up to the last non-list.
function normalize(list: MavenVersion): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const last = list.items[i]!;
    if (isNull(last)) list.items.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

function qualifierRank(value: string): string {
  const i = QUALIFIERS.indexOf(value);
  return i === -1 ? `${QUALIFIERS.length}-${value}` : String(i);
}

// `b` undefined stands for "nothing here" (the shorter side of a list comparison).
function compareItems(a: MavenItem, b: MavenItem | undefined): Ordering {
  switch (a.kind) {
    case 'int':
      if (b === undefined) return a.digits === '0' ? 0 : 1;
      return b.kind === 'int' ? compareDigits(a.digits, b.digits) : 1;
    case 'string':
      if (b === undefined) return compareStrings(qualifierRank(a.value), String(RELEASE_INDEX));
      if (b.kind === 'string')
        return compareStrings(qualifierRank(a.value), qualifierRank(b.value));
      return -1;
    case 'list': {
      if (b === undefined)
        return a.items[0] === undefined ? 0 : compareItems(a.items[0], undefined);
      if (b.kind === 'int') return -1;
      if (b.kind === 'string') return 1;
      const n = Math.max(a.items.length, b.items.length);
      for (let i = 0; i < n; i++) {
        const l = a.items[i];
        const r = b.items[i];
        const res =
          l === undefined
            ? r === undefined
              ? 0
              : (-compareItems(r, undefined) as Ordering)
            : compareItems(l, r);
        if (res !== 0) return res;
      }
      return 0;
    }
  }
}
