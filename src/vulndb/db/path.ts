import os from 'node:os';
import path from 'node:path';
import { DB_FILE_NAME } from './constants.ts';

/**
 * Where the advisory database lives: the explicit path if given, else
 * `$SIGIL_CACHE_DIR/db.sqlite`, else `~/.cache/sigil/db.sqlite`.
 *
 * @example
 *   resolveDbPath({ env: process.env }) // '/home/me/.cache/sigil/db.sqlite'
 */
export function resolveDbPath(
  options: {
    readonly path?: string | undefined;
    readonly env?: Readonly<Record<string, string | undefined>>;
    readonly homedir?: string;
  } = {},
): string {
  if (options.path !== undefined && options.path !== '') return path.resolve(options.path);
  const cacheDir = options.env?.['SIGIL_CACHE_DIR'];
  if (cacheDir !== undefined && cacheDir !== '') return path.resolve(cacheDir, DB_FILE_NAME);
  return path.join(options.homedir ?? os.homedir(), '.cache', 'sigil', DB_FILE_NAME);
}
