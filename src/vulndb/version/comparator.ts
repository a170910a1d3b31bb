import { VulnDbError } from '../errors.ts';

export type Ordering = -1 | 0 | 1;

/**
 * One version ordering. `parse` validates and pre-digests a version once, so a caller that
 * matches one installed version against many advisory bounds parses it only once; `compare`
 * is then cheap and never throws.
 */
export interface VersionComparator<P = unknown> {
  /** Short name of the ordering (`dpkg`, `rpm`, `pep440`, …). */
  readonly name: string;
  /** OSV ecosystem names (the part before any `:` suffix) this ordering serves. */
  readonly ecosystems: readonly string[];
  /** Throws VulnDbError `VERSION_INVALID` for anything the ecosystem's grammar rejects. */
  parse(version: string): P;
  compare(a: P, b: P): Ordering;
}

/** Longest version string any comparator accepts; real versions are far shorter. */
export const MAX_VERSION_LENGTH = 256;

/** Common entry check: a string, not empty, within the length bound. */
export function checkInput(version: unknown, ordering: string): string {
  if (typeof version !== 'string') {
    throw new VulnDbError('VERSION_INVALID', `${ordering} version must be a string`);
  }
  if (version.length === 0) {
    throw new VulnDbError('VERSION_INVALID', `${ordering} version is empty`);
  }
  if (version.length > MAX_VERSION_LENGTH) {
    throw new VulnDbError(
      'VERSION_INVALID',
      `${ordering} version is longer than ${MAX_VERSION_LENGTH} characters`,
    );
  }
  return version;
}

export function invalid(
  ordering: string,
  version: string,
  why: string,
  cause?: unknown,
): VulnDbError {
  const message = `invalid ${ordering} version ${JSON.stringify(version)}: ${why}`;
  return new VulnDbError('VERSION_INVALID', message, cause === undefined ? undefined : { cause });
}

export function sign(n: number): Ordering {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/**
 * Compares two strings of ASCII digits as unbounded integers (leading zeros ignored), so
 * versions like `999999999999999999999999999991` order correctly without precision loss.
 */
export function compareDigits(a: string, b: string): Ordering {
  const x = stripZeros(a);
  const y = stripZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function stripZeros(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
  return s.slice(i);
}

/** Plain code-unit string ordering (what C's strcmp does on ASCII). */
export function compareStrings(a: string, b: string): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `v` holds whitespace or control characters, which no version grammar allows. */
export function hasSpaceOrControl(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (
      c <= 32 ||
      c === 127 ||
      c === 0x85 ||
      c === 0xa0 ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0xfeff
    ) {
      return true;
    }
  }
  return false;
}
