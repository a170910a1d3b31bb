import type { CvssSeverity } from '../cvss/index.ts';

/**
 * An installed package as the matcher needs it. Catalogers fill it; the matcher never looks at
 * files. `type` is the purl type (`deb`, `apk`, `rpm`, `npm`, `pypi`, `golang`, `maven`, …).
 */
export interface MatchPackage {
  readonly name: string;
  readonly version: string;
  readonly type: string;
  readonly purl?: string;
  /** OSV ecosystem when the cataloger knows it (`Debian:12`, `npm`); else derived. */
  readonly ecosystem?: string;
  /** Source package: dpkg `Source:`, apk origin, rpm SOURCERPM name. */
  readonly sourceName?: string;
  /** Source package version (dpkg `Source: name (version)`, rpm SOURCERPM version-release). */
  readonly sourceVersion?: string;
  readonly locations?: readonly string[];
}

/** The image's distribution, from `/etc/os-release` (`ID`, `VERSION_ID`). */
export interface Distro {
  readonly id: string;
  readonly versionId?: string;
}

export type FindingStatus = 'fixed' | 'unfixed';

export interface FindingReference {
  readonly type: string;
  readonly url: string;
}

export interface Finding {
  /** Advisory id (`GHSA-…`, `DSA-…`, `DEBIAN-CVE-…`). */
  readonly id: string;
  readonly aliases: readonly string[];
  /** CVE ids among the id, `aliases` and `upstream`, sorted. */
  readonly cves: readonly string[];
  readonly summary: string | undefined;
  readonly severity: CvssSeverity | 'UNKNOWN';
  /** CVSS base score of the vector that rated the finding, when one did. */
  readonly score: number | undefined;
  /** Every CVSS vector the advisory gives for the package. */
  readonly vectors: readonly string[];
  readonly package: {
    readonly name: string;
    readonly version: string;
    readonly type: string;
    readonly purl: string | undefined;
    readonly sourceName: string | undefined;
    readonly sourceVersion: string | undefined;
    /** The OSV ecosystem and name the advisory was looked up under, and the version compared. */
    readonly ecosystem: string;
    readonly matchedName: string;
    readonly matchedVersion: string;
  };
  /** Versions that fix it, ascending; empty when no fix is known. */
  readonly fixedVersions: readonly string[];
  readonly status: FindingStatus;
  readonly locations: readonly string[];
  readonly references: readonly FindingReference[];
  readonly modified: string;
}

/** A package the matcher could not look up, and why (collected, not fatal). */
export interface UnmatchedPackage {
  readonly package: MatchPackage;
  readonly reason: 'ecosystem-unknown' | 'version-missing';
}

export interface MatchResult {
  readonly findings: readonly Finding[];
  readonly unmatched: readonly UnmatchedPackage[];
}
