/**
 * The ledger's schema as an ordered list of migrations: migration i brings the database from
 * version i to i + 1. Append only; never edit a released migration.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE promotions (
     id          INTEGER PRIMARY KEY AUTOINCREMENT,
     app         TEXT NOT NULL,
     env         TEXT NOT NULL,
     repository  TEXT NOT NULL,
     tag         TEXT,
     digest      TEXT NOT NULL,
     actor       TEXT NOT NULL,
     promoted_at TEXT NOT NULL,
     note        TEXT
   );
   CREATE INDEX promotions_app_env ON promotions (app, env, id);
   CREATE INDEX promotions_digest ON promotions (digest, app, env);
   CREATE INDEX promotions_tag ON promotions (repository, tag, id);`,
];

/** Marks the file as a Sigil ledger (`PRAGMA application_id`, ASCII "SGIL"). */
export const APPLICATION_ID = 0x5347494c;
