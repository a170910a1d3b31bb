import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the ledger lives: `SIGIL_LEDGER`, else `$XDG_DATA_HOME/sigil/ledger.sqlite`, else
 * `~/.local/share/sigil/ledger.sqlite` (XDG Base Directory spec's default data home).
 */
export function defaultLedgerPath(env: Readonly<Record<string, string | undefined>>): string {
  if (env.SIGIL_LEDGER) return env.SIGIL_LEDGER;
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'sigil', 'ledger.sqlite');
}
