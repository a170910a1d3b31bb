/** One promotion of an image digest to an app's environment. */
export interface Promotion {
  readonly id: number;
  readonly app: string;
  readonly env: string;
  /** Repository as recorded (`nginx`, `ghcr.io/acme/api`). */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string;
  /** Who promoted it. */
  readonly actor: string;
  /** ISO 8601, from the injected clock. */
  readonly promotedAt: string;
  readonly note: string | undefined;
}

export interface RecordInput {
  readonly app: string;
  readonly env: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest: string;
  readonly actor: string;
  readonly note?: string;
}

/** The digest a tag pointed to when last promoted. */
export interface TrackedTag {
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
  readonly promotedAt: string;
}

export interface MovedTag extends TrackedTag {
  /** What the tag resolves to now. */
  readonly current: string;
}
