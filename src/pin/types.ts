import type { SplitReference } from './reference.ts';

/** The kinds of text the pin domain understands. Helm output is `kubernetes`. */
export type FileKind = 'kubernetes' | 'kustomization' | 'compose' | 'dockerfile';

/**
 * Resolves `name:tag` to the digest of the manifest or index the registry stores for it
 * (`sha256:…`). Injected so the domain needs no network.
 */
export type ResolveDigest = (reference: string) => Promise<string>;

/**
 * - `unpinned`: a tag (or nothing, meaning `latest`) without a digest
 * - `pinned`: `name:tag@digest`
 * - `digest-only`: `name@digest`, immutable, no tag to re-check
 * - `skipped`: cannot be pinned in place (ARG or `${VAR}` substitution, block scalar, …); see `note`
 */
export type ReferenceState = 'unpinned' | 'pinned' | 'digest-only' | 'skipped';

/** One image reference found in a text. `line` and `column` are 1-based; `range` is [start, end) in UTF-16 offsets. */
export interface ImageReference {
  readonly reference: string;
  readonly line: number;
  readonly column: number;
  readonly range: readonly [number, number];
  readonly state: ReferenceState;
  readonly note?: string;
}

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A reference the locator found, with the edit that points it at another digest. */
export interface LocatedImage extends ImageReference {
  /** Parsed reference; undefined when `state` is `skipped`. */
  readonly split?: SplitReference;
  edit(target: { readonly tag?: string; readonly digest: string }): TextEdit[];
}

export interface PinChange {
  readonly line: number;
  readonly column: number;
  readonly from: string;
  readonly to: string;
  readonly kind: 'pinned' | 'drift-updated' | 'rewritten';
}

export type PinWarningCode =
  'SKIPPED' | 'UNRESOLVED' | 'DRIFT' | 'INVALID_REFERENCE' | 'CONFLICTING_EDIT';

export interface PinWarning {
  readonly code: PinWarningCode;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly reference: string;
  /** For DRIFT: the digest the tag resolves to now. */
  readonly current?: string;
}

export interface PinResult {
  readonly text: string;
  readonly changes: readonly PinChange[];
  readonly warnings: readonly PinWarning[];
}
