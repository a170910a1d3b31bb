import type { EventSink } from '../../core/index.ts';
import { resolveDbPath } from '../../vulndb/index.ts';
import type { CommandContext, OptionValues } from '../command.ts';

/** `--db PATH`, shared by the `db` commands (and later `scan`). */
export const DB_OPTION = { db: { type: 'string' } } as const;

/** The database path from `--db`, else `$SIGIL_CACHE_DIR`, else `~/.cache/sigil`. */
export function dbPathOf(ctx: CommandContext, values: OptionValues): string {
  const given = values['db'];
  return resolveDbPath({
    path: typeof given === 'string' ? given : undefined,
    env: ctx.env,
    ...(ctx.env['HOME'] ? { homedir: ctx.env['HOME'] } : {}),
  });
}

const MAX_WARNINGS_SHOWN = 20;

/** Writes warnings to stderr, the first few in full, then a count. */
export function warningPrinter(ctx: CommandContext): { sink: EventSink; finish: () => void } {
  let count = 0;
  return {
    sink: (event) => {
      if (event.kind !== 'warning') return;
      if (++count <= MAX_WARNINGS_SHOWN)
        ctx.stderr.write(`sigil: warning: ${event.code}: ${event.message}\n`);
    },
    finish: () => {
      if (count > MAX_WARNINGS_SHOWN) {
        ctx.stderr.write(`sigil: warning: ${count - MAX_WARNINGS_SHOWN} more warnings not shown\n`);
      }
    },
  };
}
