import {
  checkInput,
  compareDigits,
  invalid,
  type Ordering,
  type VersionComparator,
} from './comparator.ts';
import { comparePrerelease } from './semver-prerelease.ts';

export interface GenericSemver {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  readonly prerelease: readonly string[];
}

// Optional `v`, one to three numeric components (numeric components after the third are
// ignored, as OSV tooling does), pre-release, and `+` build metadata (ignored for precedence).
const PATTERN =
  /^v?(\d+)(?:\.(\d+)(?:\.(\d+)(?:\.\d+)*)?)?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function parseGeneric(name: string, input: string): GenericSemver {
  const v = checkInput(input, name);
  const m = PATTERN.exec(v);
  if (!m) throw invalid(name, input, 'not a semantic version');
  return {
    major: m[1]!,
    minor: m[2] ?? '0',
    patch: m[3] ?? '0',
    prerelease: m[4]?.split('.') ?? [],
  };
}

function compareGeneric(a: GenericSemver, b: GenericSemver): Ordering {
  return (
    compareDigits(a.major, b.major) ||
    compareDigits(a.minor, b.minor) ||
    compareDigits(a.patch, b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}

/**
 * SemVer 2.0.0 precedence as OSV's `SEMVER` range type uses it, tolerant the way OSV tooling
 * is: a leading `v`, missing minor/patch (taken as 0), numbers of any size; build metadata
 * (and any numeric component after the third) does not affect precedence.
 */
export const semverGeneric: VersionComparator<GenericSemver> = {
  name: 'semver',
  ecosystems: ['Hex', 'SwiftURL', 'Bitnami', 'GitHub Actions', 'Kubernetes'],
  parse: (input) => parseGeneric('semver', input),
  compare: compareGeneric,
};

/**
 * Go module versions: semantic versions with a `v` prefix (optional here, since OSV writes Go
 * versions without it). Pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`) are pre-releases
 * and `+incompatible` is build metadata, so both order as Go's `semver.Compare` orders them.
 */
export const go: VersionComparator<GenericSemver> = {
  name: 'go',
  ecosystems: ['Go'],
  parse: (input) => parseGeneric('go', input),
  compare: compareGeneric,
};
