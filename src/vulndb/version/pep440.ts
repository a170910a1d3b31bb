import {
  checkInput,
  compareDigits,
  compareStrings,
  hasSpaceOrControl,
  invalid,
  type Ordering,
  type VersionComparator,
} from './comparator.ts';

/** A PEP 440 version, normalised; numbers kept as digit strings (no precision limit). */
export interface Pep440Version {
  readonly kind: 'pep440';
  readonly epoch: string;
  /** Release segments with trailing zeros removed (`1.0.0` and `1` are equal). */
  readonly release: readonly string[];
  /** `a`, `b` or `rc` (normalised from alpha/beta/c/pre/preview) and its number. */
  readonly pre: readonly [string, string] | undefined;
  readonly post: string | undefined;
  readonly dev: string | undefined;
  /** Local segments, lower-cased; digit-only segments compare as numbers. */
  readonly local: readonly string[] | undefined;
}

/** A version PEP 440 rejects, ordered the way `packaging` < 22 ordered `LegacyVersion`. */
export interface LegacyVersion {
  readonly kind: 'legacy';
  readonly parts: readonly string[];
}

export type PypiVersion = Pep440Version | LegacyVersion;

const NAME = 'pep440';

// PEP 440 appendix B's canonical regular expression (the one `packaging` uses).
const PATTERN =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/i;

const PRE_NORMAL: Readonly<Record<string, string>> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

/**
 * PyPI versions per PEP 440 (epochs, pre/post/dev releases, local versions, normalisation of
 * spellings such as `1.0-ALPHA.1` or `2017.11.05`). Strings PEP 440 rejects are still ordered,
 * as the pre-22 `packaging.version.LegacyVersion` did — before every valid version — because
 * old advisories and old packages carry such versions.
 */
export const pep440: VersionComparator<PypiVersion> = {
  name: NAME,
  ecosystems: ['PyPI'],
  parse(input) {
    const v = checkInput(input, NAME).trim();
    if (v.length === 0 || hasSpaceOrControl(v))
      throw invalid(NAME, input, 'empty or contains whitespace');
    return parsePep440(v) ?? parseLegacy(v);
  },
  compare(a, b): Ordering {
    if (a.kind === 'legacy' || b.kind === 'legacy') {
      if (a.kind !== 'legacy') return 1;
      if (b.kind !== 'legacy') return -1;
      return compareArrays(a.parts, b.parts, compareStrings);
    }
    return comparePep440(a, b);
  },
};

/** The normalised PEP 440 parse, or undefined when `v` is not a PEP 440 version. */
export function parsePep440(v: string): Pep440Version | undefined {
  const m = PATTERN.exec(v);
  if (!m) return undefined;
  const release = m[2]!.split('.').map((s) => s.replace(/^0+(?=\d)/, ''));
  while (release.length > 1 && release[release.length - 1] === '0') release.pop();
  const preLabel = m[3]?.toLowerCase();
  const postNumber = m[5] ?? (m[6] !== undefined ? (m[7] ?? '0') : undefined);
  return {
    kind: 'pep440',
    epoch: m[1] ?? '0',
    release,
    pre: preLabel === undefined ? undefined : [PRE_NORMAL[preLabel]!, m[4] ?? '0'],
    post: postNumber,
    dev: m[8] !== undefined ? (m[9] ?? '0') : undefined,
    local: m[10]?.toLowerCase().split(/[-_.]/),
  };
}

function comparePep440(a: Pep440Version, b: Pep440Version): Ordering {
  return (
    compareDigits(a.epoch, b.epoch) ||
    compareArrays(a.release, b.release, compareDigits, '0') ||
    compareRank(preRank(a), preRank(b)) ||
    (a.pre && b.pre
      ? compareStrings(a.pre[0], b.pre[0]) || compareDigits(a.pre[1], b.pre[1])
      : 0) ||
    compareOptional(a.post, b.post, -1) ||
    compareOptional(a.dev, b.dev, 1) ||
    compareLocal(a.local, b.local)
  );
}

// A dev release of a final version (1.0.dev1) sorts before its pre-releases; a final or
// post release after them (packaging's `_cmpkey`).
function preRank(v: Pep440Version): number {
  if (v.pre) return 0;
  if (v.post === undefined && v.dev !== undefined) return -1;
  return 1;
}

function compareRank(a: number, b: number): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

// `missing` is where an absent value sorts: -1 before every number, 1 after.
function compareOptional(a: string | undefined, b: string | undefined, missing: -1 | 1): Ordering {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return (a === undefined ? missing : -missing) as Ordering;
  }
  return compareDigits(a, b);
}

// Local segments: absent < present; numeric segments beat alphanumeric ones.
function compareLocal(
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): Ordering {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareArrays(a, b, (x, y) => {
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx !== ny) return nx ? 1 : -1;
    return nx ? compareDigits(x, y) : compareStrings(x, y);
  });
}

function compareArrays(
  a: readonly string[],
  b: readonly string[],
  cmp: (x: string, y: string) => Ordering,
  pad?: string,
): Ordering {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? pad;
    const y = b[i] ?? pad;
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? -1 : 1;
    const r = cmp(x, y);
    if (r !== 0) return r;
  }
  return 0;
}

const LEGACY_REPLACE: Readonly<Record<string, string>> = {
  pre: 'c',
  preview: 'c',
  '-': 'final-',
  rc: 'c',
  dev: '@',
};

// packaging < 22 `_legacy_cmpkey`: digits zero-padded to 8, words prefixed with `*`,
// trailing zeros and `final-` markers dropped before a pre-release word.
function parseLegacy(v: string): LegacyVersion {
  const parts: string[] = [];
  const raw = v.toLowerCase().split(/(\d+|[a-z]+|\.|-)/);
  const words: string[] = [];
  for (const piece of raw) {
    const part = LEGACY_REPLACE[piece] ?? piece;
    if (!part || part === '.') continue;
    words.push(/^\d/.test(part) ? part.padStart(8, '0') : `*${part}`);
  }
  words.push('*final');
  for (const part of words) {
    if (part.startsWith('*')) {
      if (part < '*final') {
        while (parts[parts.length - 1] === '*final-') parts.pop();
      }
      while (parts[parts.length - 1] === '00000000') parts.pop();
    }
    parts.push(part);
  }
  return { kind: 'legacy', parts };
}
