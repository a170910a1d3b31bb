/**
 * Bounds on everything read from outside. Every parser takes its limits from here (or an
 * options object defaulting to these), so a hostile input meets one documented ceiling.
 */
export const LIMITS = {
  /** Manifests and indexes (OCI distribution spec recommends accepting at least 4 MiB). */
  manifestBytes: 4 * 1024 * 1024,
  /** Image config blobs. */
  configBytes: 8 * 1024 * 1024,
  /** Small JSON documents from registries (tag lists, token replies, errors). */
  jsonBytes: 4 * 1024 * 1024,
  /** Pages followed through `Link` headers before giving up. */
  maxPages: 1000,
  /** Nesting of indexes inside indexes. */
  maxIndexDepth: 4,
  /** Default per-request timeout against registries, in ms. */
  requestTimeoutMs: 30_000,
} as const;
