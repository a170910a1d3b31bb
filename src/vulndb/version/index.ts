import { VulnDbError } from '../errors.ts';
import { apk } from './apk.ts';
import type { Ordering, VersionComparator } from './comparator.ts';
import { dpkg } from './dpkg.ts';
import { maven } from './maven.ts';
import { crates, npm } from './npm.ts';
import { nuget } from './nuget.ts';
import { packagist } from './packagist.ts';
import { pep440 } from './pep440.ts';
import { rpm } from './rpm.ts';
import { rubygems } from './rubygems.ts';
import { go, semverGeneric } from './semver-generic.ts';

/** Every version ordering Sigil knows; ecosystem lookup goes through this list only. */
export const COMPARATORS: readonly VersionComparator[] = [
  dpkg,
  apk,
  rpm,
  npm,
  crates,
  go,
  pep440,
  maven,
  rubygems,
  nuget,
  packagist,
  semverGeneric,
] as VersionComparator[];

const BY_ECOSYSTEM: ReadonlyMap<string, VersionComparator> = new Map(
  COMPARATORS.flatMap((c) => c.ecosystems.map((e) => [e, c] as const)),
);

/**
 * The ordering for an OSV ecosystem string. The suffix after the first `:` names a release or
 * repository (`Debian:12`, `Alpine:v3.18`, `Red Hat:enterprise_linux:9::appstream`,
 * `Maven:https://…`) and does not change the ordering; `Root:<Distro>:…` and `Root:<manager>`
 * use their base's ordering. Throws VulnDbError `ECOSYSTEM_UNKNOWN`.
 *
 * @example
 *   comparatorFor('Debian:12').name === 'dpkg'
 */
export function comparatorFor(ecosystem: string): VersionComparator {
  if (typeof ecosystem === 'string' && ecosystem.length <= 512) {
    const parts = ecosystem.split(':');
    const found =
      BY_ECOSYSTEM.get(parts[0]!) ??
      (parts[0] === 'Root' ? BY_ECOSYSTEM.get(parts[1] ?? '') : undefined);
    if (found) return found;
  }
  throw new VulnDbError(
    'ECOSYSTEM_UNKNOWN',
    `no version ordering for ecosystem ${JSON.stringify(String(ecosystem).slice(0, 100))}`,
  );
}

/**
 * Compares two versions of one ecosystem: -1, 0 or 1. Throws VulnDbError `ECOSYSTEM_UNKNOWN`
 * or `VERSION_INVALID`; never anything else.
 *
 * @example
 *   compareVersions('Debian:12', '1.2.3-1~deb12u1', '1.2.3-1') === -1
 */
export function compareVersions(ecosystem: string, a: string, b: string): Ordering {
  const c = comparatorFor(ecosystem);
  return c.compare(c.parse(a), c.parse(b));
}

/** True when `version` is valid in the ecosystem's grammar (unknown ecosystem still throws). */
export function isValidVersion(ecosystem: string, version: string): boolean {
  const c = comparatorFor(ecosystem);
  try {
    c.parse(version);
    return true;
  } catch {
    return false;
  }
}

export type { Ordering, VersionComparator } from './comparator.ts';
export { MAX_VERSION_LENGTH } from './comparator.ts';
export { isValidApkVersion } from './apk.ts';
export {
  apk,
  dpkg,
  rpm,
  npm,
  crates,
  go,
  pep440,
  maven,
  rubygems,
  nuget,
  packagist,
  semverGeneric,
};
