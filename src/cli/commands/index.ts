import { SigilError } from '../../core/index.ts';
import type { Command } from '../command.ts';
import { dbImport } from './db-import.ts';
import { dbStatusCommand } from './db-status.ts';
import { dbUpdate } from './db-update.ts';
import { makeLedgerCommands } from './ledger.ts';
import { makePinCommand } from './pin.ts';
import { versionCompare } from './version-compare.ts';

// Placeholder until the registry client lands: the lead binds the real resolver here.
const unboundResolver = async (): Promise<string> => {
  throw new SigilError('UNSUPPORTED', 'registry resolution is not wired in yet');
};

/** Every command the CLI knows, in the order `sigil --help` lists them. */
export const COMMANDS: readonly Command[] = [
  makePinCommand({ resolveDigest: unboundResolver }),
  ...makeLedgerCommands({ resolveDigest: unboundResolver }),
  versionCompare,
  dbUpdate,
  dbImport,
  dbStatusCommand,
];
