import { SigilError } from '../../core/index.ts';
import { AdvisoryDb, importSources } from '../../vulndb/index.ts';
import type { Command } from '../command.ts';
import { DB_OPTION, dbPathOf, warningPrinter } from './db-options.ts';

/** `sigil db import PATH…`: OSV JSON files, folders and `all.zip` archives into the database. */
export const dbImport: Command = {
  name: 'db import',
  summary: 'Import OSV advisories (JSON files, folders, all.zip archives) into the database',
  usage: 'db import PATH... [--db PATH]',
  options: { ...DB_OPTION },
  async run(ctx, values, positionals) {
    if (positionals.length === 0)
      throw new SigilError('USAGE', 'name at least one file, folder or zip archive');
    const db = AdvisoryDb.open(dbPathOf(ctx, values), { create: true });
    const warnings = warningPrinter(ctx);
    try {
      const s = importSources(db, positionals, { events: warnings.sink });
      ctx.stdout.write(
        `imported ${s.read} records into ${db.path}: ${s.inserted} new, ${s.replaced} replaced, ` +
          `${s.unchanged} unchanged, ${s.skipped} skipped\n`,
      );
    } finally {
      warnings.finish();
      db.close();
    }
    return 0;
  },
};
