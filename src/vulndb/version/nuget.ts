import {
  checkInput,
  compareDigits,
  invalid,
  type Ordering,
  type VersionComparator,
} from './comparator.ts';
import { comparePrerelease } from './semver-prerelease.ts';

export interface NugetVersion {
  /** Major, minor, patch, revision (missing parts are `0`). */
  readonly parts: readonly [string, string, string, string];
  readonly prerelease: readonly string[];
}

const NAME = 'nuget';

const PATTERN =
  /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * NuGet versions (NuGet.Versioning's NuGetVersion): SemVer 2.0 extended to four numeric parts
 * (`1.0` = `1.0.0.0`, leading zeros allowed), pre-release labels compared case-insensitively,
 * build metadata ignored.
 */
export const nuget: VersionComparator<NugetVersion> = {
  name: NAME,
  ecosystems: ['NuGet'],
  parse(input) {
    const v = checkInput(input, NAME).trim();
    const m = PATTERN.exec(v);
    if (!m) throw invalid(NAME, input, 'not a NuGet version');
    return {
      parts: [m[1]!, m[2] ?? '0', m[3] ?? '0', m[4] ?? '0'],
      prerelease: m[5]?.split('.') ?? [],
    };
  },
  compare(a, b): Ordering {
    for (let i = 0; i < 4; i++) {
      const r = compareDigits(a.parts[i]!, b.parts[i]!);
      if (r !== 0) return r;
    }
    return comparePrerelease(a.prerelease, b.prerelease, true);
  },
};
