import { SemVer } from 'semver';
import { checkInput, invalid, type Ordering, type VersionComparator } from './comparator.ts';

function parseSemver(name: string, input: string): SemVer {
  const v = checkInput(input, name);
  try {
    return new SemVer(v);
  } catch (cause) {
    throw invalid(name, input, 'not a semantic version', cause);
  }
}

// Precedence ignores build metadata (SemVer 2.0.0 §10), as `semver.compare` does.
function compareSemver(a: SemVer, b: SemVer): Ordering {
  return a.compare(b);
}

/** npm versions, ordered by the `semver` package npm itself uses. */
export const npm: VersionComparator<SemVer> = {
  name: 'npm',
  ecosystems: ['npm'],
  parse: (input) => parseSemver('npm', input),
  compare: compareSemver,
};

/** crates.io versions: Cargo uses SemVer 2.0.0 precedence, which the `semver` package implements. */
export const crates: VersionComparator<SemVer> = {
  name: 'crates',
  ecosystems: ['crates.io'],
  parse: (input) => parseSemver('crates', input),
  compare: compareSemver,
};
