import type { Command } from '../command.ts';
import { versionCompare } from './version-compare.ts';

/** Every command the CLI knows, in the order `sigil --help` lists them. */
export const COMMANDS: readonly Command[] = [versionCompare];
