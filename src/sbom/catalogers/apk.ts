import type { Package } from '../package.ts';
import { buildPurl } from '../package.ts';
import { ResultBuilder, type Cataloger } from './types.ts';

// apk keeps its database in /lib; merged-/usr systems (apk-tools 3 on newer Alpine) in /usr/lib.
const DB_PATHS = ['lib/apk/db/installed', 'usr/lib/apk/db/installed'];

/**
 * Alpine (and Wolfi/Chainguard) packages from apk's database `lib/apk/db/installed`
 * (apk-tools "Installed database v2": one-letter fields, blank line between packages).
 */
export const apkCataloger: Cataloger = {
  name: 'apk',
  version: '1',
  wants: (path) => DB_PATHS.includes(path),
  catalog: (files, ctx) => {
    const out = new ResultBuilder();
    // With /lib a symlink to /usr/lib both names reach one file: read the first that exists.
    const dbPath = DB_PATHS.find((p) => files.stat(p)?.kind === 'file');
    const record = dbPath === undefined ? undefined : files.stat(dbPath);
    const bytes = dbPath === undefined ? undefined : files.read(dbPath);
    if (!record || !bytes || dbPath === undefined) return Promise.resolve(out.result());
    for (const fields of parseApkDb(bytes.toString('utf8'))) {
      const name = fields.get('P');
      const version = fields.get('V');
      if (!name || !version) {
        out.warn('PACKAGE_METADATA_INVALID', `${dbPath}: an entry without P: or V:`, dbPath);
        continue;
      }
      const arch = fields.get('A');
      const origin = fields.get('o') || name;
      const license = fields.get('L');
      const pkg: Package = {
        name,
        version,
        type: 'apk',
        purl: buildPurl({
          type: 'apk',
          name,
          version,
          ...(arch ? { arch } : {}),
          ...(ctx.os ? { distro: ctx.os } : {}),
          ...(origin !== name ? { qualifiers: { upstream: origin } } : {}),
        }),
        sourceName: origin,
        sourceVersion: version,
        licenses: license ? [license] : [],
        ...(arch ? { arch } : {}),
        locations: [{ path: record.path, layerDigest: record.layerDigest }],
        foundBy: 'apk',
      };
      out.packages.push(pkg);
    }
    if (out.packages.length === 0 && bytes.length > 0 && !/^P:/m.test(bytes.toString('latin1'))) {
      out.warn('PACKAGE_DB_INVALID', `${dbPath} holds no apk entry`, dbPath);
    }
    return Promise.resolve(out.result());
  },
};

/** Entries of an apk installed db; the first value of each one-letter key wins. */
export function parseApkDb(text: string): Map<string, string>[] {
  const entries: Map<string, string>[] = [];
  let current = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '') {
      if (current.size > 0) entries.push(current);
      current = new Map();
      continue;
    }
    if (line[1] !== ':') continue;
    const key = line[0]!;
    if (!current.has(key)) current.set(key, line.slice(2));
  }
  if (current.size > 0) entries.push(current);
  return entries;
}
