import {
  checkInput,
  compareDigits,
  compareStrings,
  invalid,
  type Ordering,
  type VersionComparator,
} from './comparator.ts';

/** Canonical segments of a Gem::Version: digit strings and letter runs. */
export type GemVersion = readonly { readonly num: boolean; readonly text: string }[];

const NAME = 'rubygems';

// Gem::Version::ANCHORED_VERSION_PATTERN.
const PATTERN = /^\s*([0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?\s*$/;

/**
 * RubyGems versions ordered as `Gem::Version#<=>`: `-` means `.pre.`, the version splits into
 * number and letter runs, trailing zeros of the numeric part and of the pre-release part are
 * dropped, and a letter segment (a pre-release) sorts before any number.
 */
export const rubygems: VersionComparator<GemVersion> = {
  name: NAME,
  ecosystems: ['RubyGems'],
  parse(input) {
    const v = checkInput(input, NAME);
    const m = PATTERN.exec(v);
    if (!m || m[1] === undefined) throw invalid(NAME, input, 'not a Gem::Version');
    const segments = (m[1].replaceAll('-', '.pre.').match(/[0-9]+|[a-z]+/gi) ?? []).map((text) => ({
      num: /^\d/.test(text),
      text: /^\d/.test(text) ? text.replace(/^0+(?=\d)/, '') : text,
    }));
    return canonical(segments);
  },
  compare(a, b): Ordering {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const l = a[i] ?? { num: true, text: '0' };
      const r = b[i] ?? { num: true, text: '0' };
      if (l.num !== r.num) return l.num ? 1 : -1;
      const res = l.num ? compareDigits(l.text, r.text) : compareStrings(l.text, r.text);
      if (res !== 0) return res;
    }
    return 0;
  },
};

// Gem::Version#canonical_segments: drop trailing zeros of the release part and of the
// pre-release part separately.
function canonical(segments: GemVersion): GemVersion {
  const firstString = segments.findIndex((s) => !s.num);
  const split = firstString === -1 ? segments.length : firstString;
  return [
    ...dropTrailingZeros(segments.slice(0, split)),
    ...dropTrailingZeros(segments.slice(split)),
  ];
}

function dropTrailingZeros(segments: GemVersion): GemVersion {
  let end = segments.length;
  while (end > 0 && segments[end - 1]!.num && segments[end - 1]!.text === '0') end--;
  return segments.slice(0, end);
}
