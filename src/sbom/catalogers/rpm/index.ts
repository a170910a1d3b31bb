import { SbomError } from '../../errors.ts';
import type { FileTree } from '../../layers/file-tree.ts';
import { buildPurl, type Package } from '../../package.ts';
import { ResultBuilder, type CatalogContext, type Cataloger } from '../types.ts';
import { berkeleyHashValues, isBerkeleyHashDb } from './bdb.ts';
import { parseRpmHeader, parseSourceRpm, type RpmHeader } from './header.ts';
import { parseRpmManifest, RPM_MANIFEST } from './manifest.ts';
import { isNdb, ndbBlobs } from './ndb.ts';
import { isSqlite, sqliteBlobs } from './sqlite.ts';

/** Where rpm keeps its database: the classic place and the /usr one (Fedora 36+, SUSE). */
const DB_DIRS = ['var/lib/rpm/', 'usr/lib/sysimage/rpm/'];
const DB_FILES = ['rpmdb.sqlite', 'Packages.db', 'Packages'];

/**
 * RPM packages from the rpmdb in any of its three formats (sqlite, NDB, Berkeley DB hash),
 * read by our own parsers of the header blob. When several databases are present the
 * newest format wins, as rpm itself would pick the configured backend. Without any rpmdb,
 * the CBL-Mariner distroless manifest is read instead.
 */
export const rpmCataloger: Cataloger = {
  name: 'rpm',
  version: '1',
  wants: (path) =>
    path === RPM_MANIFEST ||
    DB_DIRS.some((d) => path.startsWith(d) && DB_FILES.includes(path.slice(d.length))),
  maxFileBytes: () => 64 * 1024 * 1024,
  catalog: catalogRpm,
};

async function catalogRpm(files: FileTree, ctx: CatalogContext) {
  const out = new ResultBuilder();
  const seen = new Set<string>();
  for (const dir of DB_DIRS) {
    for (const file of DB_FILES) {
      const path = dir + file;
      const record = files.stat(path);
      const bytes = files.read(path);
      // /var/lib/rpm is often a symlink to /usr/lib/sysimage/rpm: read each real file once.
      if (!record || !bytes || seen.has(record.path)) continue;
      seen.add(record.path);
      try {
        const blobs = await readBlobs(bytes);
        for (const blob of blobs) {
          try {
            const pkg = toPackage(parseRpmHeader(blob), ctx, record.path, record.layerDigest);
            if (pkg) out.packages.push(pkg);
          } catch (err) {
            out.warn('PACKAGE_METADATA_INVALID', `${path}: ${(err as Error).message}`, path);
          }
        }
      } catch (err) {
        out.warn('PACKAGE_DB_INVALID', `${path}: ${(err as Error).message}`, path);
        continue;
      }
      return out.result();
    }
  }
  readManifest(files, ctx, out);
  return out.result();
}

// Only when no rpmdb was found: the manifest is what distroless Mariner images carry instead.
function readManifest(files: FileTree, ctx: CatalogContext, out: ResultBuilder): void {
  const record = files.stat(RPM_MANIFEST);
  const bytes = files.read(RPM_MANIFEST);
  if (!record || !bytes) return;
  const { headers, bad } = parseRpmManifest(bytes.toString('utf8'));
  if (bad > 0)
    out.warn(
      'PACKAGE_METADATA_INVALID',
      `${RPM_MANIFEST}: ${bad} lines are not package lines`,
      RPM_MANIFEST,
    );
  for (const h of headers) {
    const pkg = toPackage(h, ctx, record.path, record.layerDigest);
    if (pkg) out.packages.push(pkg);
  }
}

async function readBlobs(bytes: Buffer): Promise<Iterable<Uint8Array>> {
  if (isSqlite(bytes)) return sqliteBlobs(bytes);
  if (isNdb(bytes)) return [...ndbBlobs(bytes)];
  if (isBerkeleyHashDb(bytes)) return [...berkeleyHashValues(bytes)];
  throw new SbomError('PACKAGE_DB_INVALID', 'not an rpm database in a known format');
}

function toPackage(
  h: RpmHeader,
  ctx: CatalogContext,
  path: string,
  layerDigest: string | undefined,
): Package | undefined {
  // rpm -qa lists imported GPG keys as pseudo-packages; they are not software.
  if (h.name === 'gpg-pubkey') return undefined;
  const version = `${h.version}-${h.release}`;
  const source = h.sourceRpm ? parseSourceRpm(h.sourceRpm) : undefined;
  return {
    name: h.name,
    version,
    type: 'rpm',
    purl: buildPurl({
      type: 'rpm',
      name: h.name,
      version,
      ...(h.arch ? { arch: h.arch } : {}),
      ...(h.epoch !== undefined ? { epoch: h.epoch } : {}),
      ...(ctx.os ? { distro: ctx.os } : {}),
      ...(h.sourceRpm ? { qualifiers: { upstream: h.sourceRpm } } : {}),
    }),
    ...(source ? { sourceName: source.name, sourceVersion: source.version } : {}),
    licenses: h.license ? [h.license] : [],
    ...(h.arch ? { arch: h.arch } : {}),
    ...(h.epoch !== undefined ? { epoch: h.epoch } : {}),
    locations: [{ path, layerDigest }],
    foundBy: 'rpm',
  };
}
