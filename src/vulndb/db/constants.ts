/** The public OSV data dump (per-ecosystem `all.zip` and `modified_id.csv`), osv.dev "Data dumps". */
export const DEFAULT_MIRROR = 'https://osv-vulnerabilities.storage.googleapis.com';

/** Bumped whenever the tables change shape; a database with another version is rebuilt, not read. */
export const SCHEMA_VERSION = 1;

/** Database file name inside the cache directory. */
export const DB_FILE_NAME = 'db.sqlite';

/** Bounds on everything imported: records, archives, downloads. */
export const DB_LIMITS = {
  /** One OSV record's JSON (the largest real records, Linux kernel ones, stay under 1 MiB). */
  recordBytes: 4 * 1024 * 1024,
  /** Entries in one zip archive (the largest ecosystem dump holds well under 500,000). */
  zipEntries: 2_000_000,
  /** Uncompressed bytes of one zip entry. */
  zipEntryBytes: 4 * 1024 * 1024,
  /** Uncompressed bytes of a whole zip archive. */
  zipTotalBytes: 16 * 1024 * 1024 * 1024,
  /** One downloaded archive. */
  downloadBytes: 4 * 1024 * 1024 * 1024,
  /** `modified_id.csv` of one ecosystem. */
  indexBytes: 256 * 1024 * 1024,
  /** Changed records fetched one by one before falling back to the whole archive. */
  incrementalRecords: 2_000,
  /** Files visited under one folder. */
  folderFiles: 5_000_000,
  /** Folder nesting followed. */
  folderDepth: 32,
  /** Per-request timeout, ms. */
  requestTimeoutMs: 120_000,
  /** Records evaluated for one package before the rest are skipped with a warning. */
  recordsPerPackage: 50_000,
} as const;

/** Age at which a scan warns that the database is stale (days). */
export const STALE_WARNING_DAYS = 3;
