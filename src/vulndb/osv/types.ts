/**
 * The parts of an OSV record (schema 1.x, https://ossf.github.io/osv-schema/) that matching
 * reads. Records arrive as untrusted JSON, so the functions taking these types validate them.
 */
export type OsvRangeType = 'ECOSYSTEM' | 'SEMVER' | 'GIT';

export type OsvEvent =
  | { readonly introduced: string }
  | { readonly fixed: string }
  | { readonly last_affected: string }
  | { readonly limit: string };

export interface OsvRange {
  readonly type: OsvRangeType;
  readonly repo?: string;
  readonly events: readonly OsvEvent[];
}

export interface OsvPackage {
  readonly ecosystem: string;
  readonly name: string;
  readonly purl?: string;
}

export interface OsvAffected {
  readonly package?: OsvPackage;
  readonly ranges?: readonly OsvRange[];
  readonly versions?: readonly string[];
  readonly severity?: readonly OsvSeverity[];
  readonly database_specific?: Readonly<Record<string, unknown>>;
  readonly ecosystem_specific?: Readonly<Record<string, unknown>>;
}

export interface OsvSeverity {
  readonly type: string;
  readonly score: string;
}

export interface OsvRecord {
  readonly id: string;
  readonly modified?: string;
  readonly published?: string;
  readonly withdrawn?: string;
  readonly aliases?: readonly string[];
  readonly upstream?: readonly string[];
  readonly summary?: string;
  readonly severity?: readonly OsvSeverity[];
  readonly affected?: readonly OsvAffected[];
  readonly database_specific?: Readonly<Record<string, unknown>>;
}

/** Something evaluation skipped or could not read; the verdict says what it is based on. */
export interface EvaluationNote {
  readonly code:
    | 'GIT_RANGE_SKIPPED'
    | 'RANGE_TYPE_UNKNOWN'
    | 'RANGE_INVALID'
    | 'RANGE_NO_INTRODUCED'
    | 'EVENT_VERSION_INVALID'
    | 'ECOSYSTEM_UNKNOWN'
    | 'VERSION_INVALID';
  readonly message: string;
}

export interface AffectedVerdict {
  readonly affected: boolean;
  /** What matched: the explicit `versions` list, a range, or nothing. */
  readonly matchedBy: 'versions' | 'range' | undefined;
  /**
   * `fixed` versions that end a range the version is in (the nearest fix above it in each
   * such range), in ascending order. Empty when not affected or no fix is known.
   */
  readonly fixed: readonly string[];
  readonly notes: readonly EvaluationNote[];
}
