import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isSigilError, errorMessage } from '../core/index.ts';
import type { Command, CommandContext, OptionValues } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { renderHelp, renderCommandHelp } from './help.ts';

/** Options every command accepts. */
export const GLOBAL_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
};

/**
 * Run the CLI in-process: find the command, parse its options, run it, and render whatever
 * it throws as one line `sigil: CODE: message` (exit 2). A stack only with --debug.
 */
export async function runCli(
  argv: readonly string[],
  ctx: CommandContext,
  commands: readonly Command[] = COMMANDS,
): Promise<number> {
  const debug = argv.includes('--debug');
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    ctx.stdout.write(renderHelp(commands));
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version' || (argv[0] === 'version' && argv.length === 1)) {
    ctx.stdout.write(`sigil ${await packageVersion()}\n`);
    return 0;
  }
  const found = findCommand(argv, commands);
  if (!found) {
    ctx.stderr.write(
      `sigil: USAGE: unknown command ${JSON.stringify(argv[0])}; see 'sigil --help'\n`,
    );
    return 2;
  }
  const { command, rest } = found;
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help) {
      ctx.stdout.write(renderCommandHelp(command));
      return 0;
    }
    return await command.run(ctx, parsed.values as OptionValues, parsed.positionals);
  } catch (err) {
    return renderError(err, ctx, debug);
  }
}

function findCommand(
  argv: readonly string[],
  commands: readonly Command[],
): { command: Command; rest: string[] } | undefined {
  const two = `${argv[0]} ${argv[1] ?? ''}`;
  const byTwo = commands.find((c) => c.name === two);
  if (byTwo) return { command: byTwo, rest: argv.slice(2) };
  const byOne = commands.find((c) => c.name === argv[0]);
  if (byOne) return { command: byOne, rest: argv.slice(1) };
  return undefined;
}

function renderError(err: unknown, ctx: CommandContext, debug: boolean): number {
  if (isSigilError(err)) {
    ctx.stderr.write(`sigil: ${err.code}: ${err.message}\n`);
  } else if (err instanceof Error && err.name === 'AbortError') {
    ctx.stderr.write('sigil: CANCELLED: the operation was interrupted\n');
  } else if (isParseArgsError(err)) {
    ctx.stderr.write(`sigil: USAGE: ${errorMessage(err)}\n`);
  } else {
    ctx.stderr.write(
      `sigil: INTERNAL: ${errorMessage(err)} (a bug: please report it with --debug output)\n`,
    );
  }
  if (debug && err instanceof Error && err.stack) ctx.stderr.write(`${err.stack}\n`);
  return 2;
}

function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const url = new URL('../../package.json', import.meta.url);
  const pkg = JSON.parse(await readFile(url, 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}
