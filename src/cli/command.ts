import type { Readable, Writable } from 'node:stream';
import type { ParseArgsConfig } from 'node:util';

/** What a command may touch: injected so tests run commands in-process. */
export interface CommandContext {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** True when stderr is a terminal (progress bars, prompts). */
  readonly isTTY: boolean;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * One CLI command. `name` may have two words (`policy eval`). Options are node:util parseArgs
 * options; `run` returns the exit code (0 ok, 1 a check failed, 2 usage or runtime error) and
 * throws SigilError for coded failures, which the CLI renders as `sigil: CODE: message`.
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage line(s) after `sigil `, e.g. `inspect IMAGE [--platform P] [--raw]`. */
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CommandContext, values: OptionValues, positionals: string[]): Promise<number>;
}
