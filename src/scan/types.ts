import type { FindingReference, FindingStatus } from '../vulndb/index.ts';
import type { Severity } from './severity.ts';

/** Where a vulnerable package's evidence lives, and which layer last wrote it. */
export interface ScanLocation {
  readonly path: string;
  readonly layer: string | undefined;
}

/** Why a finding is not counted: an ignore-file entry or a VEX statement. */
export interface Suppression {
  readonly kind: 'ignore' | 'vex';
  /** VEX status (`not_affected`, `fixed`) or the ignore entry's reason. */
  readonly reason: string;
  /** The ignore-file entry's id/purl or the VEX document's `@id`. */
  readonly source: string;
}

/** One (advisory, installed package) pair, as every report format renders it. */
export interface ScanFinding {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly cves: readonly string[];
  readonly summary: string | undefined;
  readonly severity: Severity;
  readonly score: number | undefined;
  readonly vectors: readonly string[];
  readonly package: {
    readonly name: string;
    readonly version: string;
    readonly type: string;
    readonly purl: string | undefined;
    readonly sourceName: string | undefined;
    readonly sourceVersion: string | undefined;
    readonly ecosystem: string;
  };
  readonly fixedVersions: readonly string[];
  readonly status: FindingStatus;
  readonly locations: readonly ScanLocation[];
  readonly references: readonly FindingReference[];
  /** Set when an ignore entry or VEX statement applies (shown only with `--show-suppressed`). */
  readonly suppressed?: Suppression;
}

/** What was scanned. */
export interface ScanTarget {
  /** Image reference or SBOM file name. */
  readonly name: string;
  readonly kind: 'image' | 'sbom';
  readonly digest: string | undefined;
  readonly os: { readonly id: string; readonly versionId: string | undefined } | undefined;
}

/** A package that could not be looked up, and why. */
export interface ScanUnmatched {
  readonly name: string;
  readonly version: string;
  readonly type: string;
  readonly purl: string | undefined;
  readonly reason: 'ecosystem-unknown' | 'version-missing';
}

export interface ScanResult {
  readonly target: ScanTarget;
  readonly packageCount: number;
  /** Findings left after filters, plus suppressed ones when asked for; sorted by package then id. */
  readonly findings: readonly ScanFinding[];
  readonly unmatched: readonly ScanUnmatched[];
  readonly warnings: readonly { readonly code: string; readonly message: string }[];
}
