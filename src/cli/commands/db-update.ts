import type { Clock } from '../../core/index.ts';
import { updateDb, type Fetch } from '../../vulndb/index.ts';
import type { Command } from '../command.ts';
import { DB_OPTION, dbPathOf, warningPrinter } from './db-options.ts';

export interface DbUpdateDeps {
  readonly fetch?: Fetch;
  readonly clock?: Clock;
}

/** `sigil db update [--ecosystem E]… [--mirror URL]`: refresh the database from an OSV mirror. */
export function makeDbUpdateCommand(deps: DbUpdateDeps = {}): Command {
  return {
    name: 'db update',
    summary: 'Download or refresh OSV advisories (whole ecosystems, incrementally when possible)',
    usage: 'db update [--ecosystem E]... [--mirror URL] [--db PATH]',
    options: {
      ...DB_OPTION,
      mirror: { type: 'string' },
      ecosystem: { type: 'string', short: 'e', multiple: true },
    },
    async run(ctx, values) {
      const ecosystems = values['ecosystem'];
      const mirror = values['mirror'];
      const warnings = warningPrinter(ctx);
      try {
        const result = await updateDb({
          dbPath: dbPathOf(ctx, values),
          ecosystems: Array.isArray(ecosystems) ? ecosystems.map(String) : [],
          ...(typeof mirror === 'string' ? { mirror } : {}),
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
          ...(deps.clock ? { clock: deps.clock } : {}),
          events: warnings.sink,
        });
        for (const e of result.ecosystems) {
          ctx.stdout.write(
            `${e.ecosystem}: ${e.mode} update, ${e.stats.read} records read ` +
              `(${e.stats.inserted} new, ${e.stats.replaced} replaced, ${e.stats.skipped} skipped)\n`,
          );
        }
        ctx.stdout.write(`database ${result.path} updated\n`);
      } finally {
        warnings.finish();
      }
      return 0;
    },
  };
}

export const dbUpdate: Command = makeDbUpdateCommand();
