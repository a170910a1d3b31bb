/** Bounds on one OSV `affected[]` entry; real records stay far below them. */
export const OSV_LIMITS = {
  ranges: 1_000,
  eventsPerRange: 10_000,
  versions: 200_000,
  affectedPerRecord: 10_000,
} as const;
