import {
  checkInput,
  hasSpaceOrControl,
  compareDigits,
  compareStrings,
  invalid,
  type Ordering,
  type VersionComparator,
} from './comparator.ts';

export interface RpmVersion {
  /** Epoch digits; undefined when absent (compares as `0`). */
  readonly epoch: string | undefined;
  readonly version: string;
  /** Release; undefined when absent, which sorts before any present release (even empty). */
  readonly release: string | undefined;
}

const NAME = 'rpm';

/**
 * RPM `[epoch:]version[-release]` ordered as rpm 4.18's `rpmverCmp`: epoch (absent = 0), then
 * version, then release, each with `rpmvercmp` (alphanumeric segments, digits numerically and
 * above letters, `~` before everything, `^` after the end but before any more segments).
 * A release that is present sorts after an absent one, exactly as `rpm.vercmp` does.
 */
export const rpm: VersionComparator<RpmVersion> = {
  name: NAME,
  ecosystems: [
    'Red Hat',
    'Rocky Linux',
    'AlmaLinux',
    'SUSE',
    'openSUSE',
    'Mageia',
    'openEuler',
    'Azure Linux',
    'Photon OS',
  ],
  parse(input) {
    const v = checkInput(input, NAME);
    if (hasSpaceOrControl(v)) throw invalid(NAME, input, 'whitespace or control characters');
    // rpm's parseEVR: an epoch is a run of digits followed by ':'; the release follows the last '-'.
    const m = /^(\d*):/.exec(v);
    const epoch = m ? m[1] || '0' : undefined;
    const rest = m ? v.slice(m[0].length) : v;
    const dash = rest.lastIndexOf('-');
    const version = dash >= 0 ? rest.slice(0, dash) : rest;
    const release = dash >= 0 ? rest.slice(dash + 1) : undefined;
    if (version.length === 0) throw invalid(NAME, input, 'version is empty');
    return { epoch, version, release };
  },
  compare(a, b): Ordering {
    return (
      rpmvercmp(a.epoch ?? '0', b.epoch ?? '0') ||
      rpmvercmp(a.version, b.version) ||
      compareOptional(a.release, b.release)
    );
  },
};

function compareOptional(a: string | undefined, b: string | undefined): Ordering {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return rpmvercmp(a, b);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** rpm's segment comparison of one version or release string. */
export function rpmvercmp(a: string, b: string): Ordering {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    i = skipSeparators(a, i);
    j = skipSeparators(b, j);
    const ca = a[i];
    const cb = b[j];
    if (ca === '~' || cb === '~') {
      if (ca !== '~') return 1;
      if (cb !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === '^' || cb === '^') {
      if (ca === undefined) return -1;
      if (cb === undefined) return 1;
      if (ca !== '^') return 1;
      if (cb !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === undefined || cb === undefined) break;
    const numeric = isDigit(a.charCodeAt(i));
    const test = numeric ? isDigit : isAlpha;
    const si = i;
    const sj = j;
    while (i < a.length && test(a.charCodeAt(i))) i++;
    while (j < b.length && test(b.charCodeAt(j))) j++;
    // Segments of different kinds: a number beats letters.
    if (j === sj) return numeric ? 1 : -1;
    const sa = a.slice(si, i);
    const sb = b.slice(sj, j);
    const r = numeric ? compareDigits(sa, sb) : compareStrings(sa, sb);
    if (r !== 0) return r;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

function skipSeparators(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isDigit(c) || isAlpha(c) || c === 126 || c === 94) break;
    i++;
  }
  return i;
}
