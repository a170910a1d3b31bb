/** Ceilings for the manifests, Dockerfiles and compose files the pin domain reads. */
export const PIN_LIMITS = {
  /** One input text (a rendered Helm chart of a large platform stays far below this). */
  textBytes: 16 * 1024 * 1024,
  /** Image references found in one text. */
  references: 10_000,
  /** YAML documents in one text. */
  documents: 10_000,
  /** Nesting of `List` kinds inside `List` kinds. */
  listDepth: 8,
  /** Digest resolutions in flight at once. */
  resolveConcurrency: 4,
} as const;
