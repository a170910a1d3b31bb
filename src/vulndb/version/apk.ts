import {
  checkInput,
  compareDigits,
  compareStrings,
  invalid,
  type Ordering,
  type VersionComparator,
} from './comparator.ts';

// Token kinds in the order apk ranks them when one version runs out before the other
// (apk-tools 3 `src/version.c`: digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#}).
const INITIAL_DIGIT = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const COMMIT_HASH = 5;
const REVISION_NO = 6;
const END = 7;
const INVALID = 8;

// Suffix ranks: pre-release suffixes below "no suffix" (NONE), post-release ones above.
const SUFFIX_RANK: Readonly<Record<string, number>> = {
  alpha: 0,
  beta: 1,
  pre: 2,
  rc: 3,
  cvs: 5,
  svn: 6,
  git: 7,
  hg: 8,
  p: 9,
};
const SUFFIX_NONE = 4;

export interface ApkToken {
  readonly kind: number;
  /** Text of the token (digits, letter, suffix name, hash). */
  readonly text: string;
}

/** Tokens up to and including the terminating END or INVALID token. */
export type ApkVersion = readonly ApkToken[];

const NAME = 'apk';

/**
 * Alpine package versions ordered exactly as apk-tools 3 does. Like apk itself, comparison is
 * defined for malformed versions too: tokens are compared up to the first malformed one, which
 * then ranks after a proper end (apk compares whatever is in the secdb, so must we).
 * One deliberate extension: digits right after a letter (`6.0.2p1-r3`, common in older Alpine
 * releases) continue the version as apk-tools 2 parsed them, instead of ending it, so such
 * versions still order by their revision as Alpine's own tooling ordered them.
 * `parse` therefore only rejects versions that do not start with a digit; use
 * {@link isValidApkVersion} for apk's strict validity check.
 */
export const apk: VersionComparator<ApkVersion> = {
  name: NAME,
  ecosystems: [
    'Alpine',
    'Wolfi',
    'Chainguard',
    'MinimOS',
    'Alpaquita',
    'BellSoft Hardened Containers',
  ],
  parse(input) {
    const v = checkInput(input, NAME);
    const tokens = tokenize(v, false);
    if (tokens[0]?.kind === INVALID) throw invalid(NAME, input, 'does not start with a digit');
    return tokens;
  },
  compare: compareApk,
};

/** apk's `apk_version_validate`: true when the whole string follows the version grammar. */
export function isValidApkVersion(v: string): boolean {
  if (typeof v !== 'string' || v.length === 0 || v.length > 256) return false;
  const tokens = tokenize(v, true);
  return tokens[tokens.length - 1]?.kind === END;
}

function tokenize(v: string, strict: boolean): ApkToken[] {
  const out: ApkToken[] = [];
  let pos = 0;
  const digits = (kind: number): void => {
    const start = pos;
    while (pos < v.length && v.charCodeAt(pos) >= 48 && v.charCodeAt(pos) <= 57) pos++;
    out.push(pos > start ? { kind, text: v.slice(start, pos) } : { kind: INVALID, text: '' });
  };
  digits(INITIAL_DIGIT);
  for (;;) {
    const prev = out[out.length - 1]!.kind;
    if (prev >= END) return out;
    if (pos >= v.length) {
      out.push({ kind: END, text: '' });
      return out;
    }
    const c = v[pos]!;
    if (c >= 'a' && c <= 'z') {
      if (prev > DIGIT) out.push({ kind: INVALID, text: '' });
      else {
        out.push({ kind: LETTER, text: c });
        pos++;
      }
    } else if (c === '.' || (c >= '0' && c <= '9')) {
      if (c === '.') {
        if (prev > DIGIT) {
          out.push({ kind: INVALID, text: '' });
          continue;
        }
        pos++;
      }
      if (prev === INITIAL_DIGIT || prev === DIGIT || (prev === LETTER && !strict && c !== '.')) {
        digits(DIGIT);
      } else if (prev === SUFFIX) digits(SUFFIX_NO);
      else out.push({ kind: INVALID, text: '' });
    } else if (c === '_') {
      const m = prev > SUFFIX_NO ? null : /^[a-z]*/.exec(v.slice(pos + 1));
      const name = m?.[0] ?? '';
      if (m && Object.hasOwn(SUFFIX_RANK, name)) {
        out.push({ kind: SUFFIX, text: name });
        pos += 1 + name.length;
      } else out.push({ kind: INVALID, text: '' });
    } else if (c === '~') {
      const m = prev >= COMMIT_HASH ? null : /^[0-9a-f]+/.exec(v.slice(pos + 1));
      if (m) {
        out.push({ kind: COMMIT_HASH, text: m[0] });
        pos += 1 + m[0].length;
      } else out.push({ kind: INVALID, text: '' });
    } else if (c === '-' && prev < REVISION_NO && v[pos + 1] === 'r') {
      pos += 2;
      digits(REVISION_NO);
    } else {
      out.push({ kind: INVALID, text: '' });
    }
  }
}

function compareToken(a: ApkToken, b: ApkToken): Ordering {
  switch (a.kind) {
    case DIGIT:
      // A leading zero makes apk compare the digits as text (Gentoo rule: 1.01 < 1.1).
      if (a.text.startsWith('0') || b.text.startsWith('0')) return compareStrings(a.text, b.text);
      return compareDigits(a.text, b.text);
    case INITIAL_DIGIT:
    case SUFFIX_NO:
    case REVISION_NO:
      return compareDigits(a.text, b.text);
    case LETTER:
      return compareStrings(a.text, b.text);
    case SUFFIX: {
      const x = SUFFIX_RANK[a.text]!;
      const y = SUFFIX_RANK[b.text]!;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    default:
      return compareStrings(a.text, b.text);
  }
}

function compareApk(a: ApkVersion, b: ApkVersion): Ordering {
  let i = 0;
  for (; i < a.length && i < b.length; i++) {
    const ta = a[i]!;
    const tb = b[i]!;
    if (ta.kind !== tb.kind || ta.kind >= END) break;
    const r = compareToken(ta, tb);
    if (r !== 0) return r;
  }
  const ta = a[i]!;
  const tb = b[i]!;
  if (ta.kind === tb.kind) return 0;
  // The longer version wins unless what it continues with is a pre-release suffix.
  if (ta.kind === SUFFIX && SUFFIX_RANK[ta.text]! < SUFFIX_NONE) return -1;
  if (tb.kind === SUFFIX && SUFFIX_RANK[tb.text]! < SUFFIX_NONE) return 1;
  return ta.kind > tb.kind ? -1 : 1;
}
