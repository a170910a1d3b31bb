import { SigilError, systemClock, type Clock } from '../../core/index.ts';
import {
  AdvisoryDb,
  assertFresh,
  dbStatus,
  isOlderThan,
  STALE_WARNING_DAYS,
  type DbStatus,
} from '../../vulndb/index.ts';
import type { Command, CommandContext } from '../command.ts';
import { DB_OPTION, dbPathOf } from './db-options.ts';

/** `sigil db status`: records per ecosystem, freshness; `--max-db-age DAYS` fails when older. */
export function makeDbStatusCommand(deps: { readonly clock?: Clock } = {}): Command {
  return {
    name: 'db status',
    summary: 'Show what the advisory database holds and how old it is',
    usage: 'db status [--db PATH] [--max-db-age DAYS] [--output text|json]',
    options: {
      ...DB_OPTION,
      'max-db-age': { type: 'string' },
      output: { type: 'string', short: 'o' },
    },
    async run(ctx, values) {
      const output = values['output'] ?? 'text';
      if (output !== 'text' && output !== 'json')
        throw new SigilError('USAGE', '--output must be text or json');
      const maxAge = parseMaxAge(values['max-db-age']);
      const db = AdvisoryDb.open(dbPathOf(ctx, values));
      let status: DbStatus;
      try {
        status = dbStatus(db, deps.clock ?? systemClock);
      } finally {
        db.close();
      }
      ctx.stdout.write(
        output === 'json' ? `${JSON.stringify(status, null, 2)}\n` : renderText(status),
      );
      if (maxAge !== undefined) assertFresh(status, maxAge);
      else if (isOlderThan(status, STALE_WARNING_DAYS)) warnStale(ctx, status);
      return 0;
    },
  };
}

export const dbStatusCommand: Command = makeDbStatusCommand();

function parseMaxAge(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new SigilError('USAGE', `--max-db-age takes a number of days, got ${JSON.stringify(v)}`);
  }
  return n;
}

function warnStale(ctx: CommandContext, status: DbStatus): void {
  const age = status.ageDays === undefined ? 'empty' : `${status.ageDays.toFixed(1)} days old`;
  ctx.stderr.write(
    `sigil: warning: DB_STALE: advisory database is ${age}; run 'sigil db update'\n`,
  );
}

function renderText(s: DbStatus): string {
  const lines = [
    `database  ${s.path}`,
    `records   ${s.records} (${s.withdrawn} withdrawn)`,
    `newest    ${s.newestModified ?? '-'}`,
    `updated   ${s.updatedAt ?? 'never (imported only)'}`,
    `age       ${s.ageDays === undefined ? '-' : `${s.ageDays.toFixed(1)} days`}`,
    '',
  ];
  const width = Math.max('ECOSYSTEM'.length, ...s.ecosystems.map((e) => e.ecosystem.length));
  lines.push(`${'ECOSYSTEM'.padEnd(width)}  ${'RECORDS'.padStart(7)}  NEWEST`);
  for (const e of s.ecosystems) {
    lines.push(
      `${e.ecosystem.padEnd(width)}  ${String(e.records).padStart(7)}  ${e.newestModified ?? '-'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
