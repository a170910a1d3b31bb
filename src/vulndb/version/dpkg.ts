import {
  checkInput,
  compareDigits,
  invalid,
  sign,
  type Ordering,
  type VersionComparator,
} from './comparator.ts';

export interface DpkgVersion {
  readonly epoch: string;
  readonly upstream: string;
  readonly revision: string;
}

const NAME = 'dpkg';

/**
 * Debian package versions, `[epoch:]upstream[-revision]`, ordered as dpkg does (Debian Policy
 * §5.6.12): epochs numerically, then upstream and revision alternating non-digit runs (where
 * `~` sorts before everything, even the end; letters before non-letters) and digit runs
 * compared as numbers. A missing revision equals `-0`.
 *
 * Parsing rejects what dpkg itself treats as an error (empty parts, non-numeric epoch,
 * embedded whitespace); like `dpkg --compare-versions` it tolerates odd but printable characters.
 */
export const dpkg: VersionComparator<DpkgVersion> = {
  name: NAME,
  ecosystems: ['Debian', 'Ubuntu'],
  parse: parseDpkg,
  compare(a, b): Ordering {
    return (
      compareDigits(a.epoch, b.epoch) ||
      verrevcmp(a.upstream, b.upstream) ||
      verrevcmp(a.revision, b.revision)
    );
  },
};

function parseDpkg(input: string): DpkgVersion {
  const v = checkInput(input, NAME).trim();
  if (v.length === 0) throw invalid(NAME, input, 'version string is empty');
  if (!/^[\x21-\x7e]+$/.test(v))
    throw invalid(NAME, input, 'embedded spaces or non-ASCII characters');
  let epoch = '0';
  let rest = v;
  const colon = v.indexOf(':');
  if (colon >= 0) {
    epoch = v.slice(0, colon);
    if (epoch.length === 0) throw invalid(NAME, input, 'epoch is empty');
    if (!/^\d+$/.test(epoch)) throw invalid(NAME, input, 'epoch is not a number');
    // dpkg stores the epoch in an int and rejects larger values.
    if (compareDigits(epoch, '2147483647') > 0) throw invalid(NAME, input, 'epoch is too big');
    rest = v.slice(colon + 1);
    if (rest.length === 0) throw invalid(NAME, input, 'nothing after colon');
  }
  let upstream = rest;
  let revision = '';
  const hyphen = rest.lastIndexOf('-');
  if (hyphen >= 0) {
    upstream = rest.slice(0, hyphen);
    revision = rest.slice(hyphen + 1);
    if (revision.length === 0) throw invalid(NAME, input, 'revision is empty');
  }
  if (upstream.length === 0) throw invalid(NAME, input, 'upstream version is empty');
  return { epoch, upstream, revision };
}

// Weight of one character in a non-digit run (dpkg's `order()`): end of string and digits 0,
// `~` below that, letters by code, everything else after all letters.
function order(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (c >= 48 && c <= 57) return 0;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return c;
  if (c === 126) return -1;
  return c + 256;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

// dpkg's verrevcmp: alternate non-digit and digit runs until one side differs.
function verrevcmp(a: string, b: string): Ordering {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a, i)) || (j < b.length && !isDigit(b, j))) {
      const ac = order(a, i);
      const bc = order(b, j);
      if (ac !== bc) return sign(ac - bc);
      i++;
      j++;
    }
    const si = i;
    const sj = j;
    while (i < a.length && isDigit(a, i)) i++;
    while (j < b.length && isDigit(b, j)) j++;
    const r = compareDigits(a.slice(si, i) || '0', b.slice(sj, j) || '0');
    if (r !== 0) return r;
  }
  return 0;
}
