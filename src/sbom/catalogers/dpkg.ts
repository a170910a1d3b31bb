import type { FileTree } from '../layers/file-tree.ts';
import { buildPurl, type Package } from '../package.ts';
import { parseStanzas, type Stanza } from './control-file.ts';
import { ResultBuilder, type CatalogContext, type Cataloger, type CatalogResult } from './types.ts';

const STATUS = 'var/lib/dpkg/status';
const STATUS_D = 'var/lib/dpkg/status.d/';
const DOC = 'usr/share/doc/';

/**
 * Debian packages from dpkg's database: `var/lib/dpkg/status`, or one control file per
 * package under `var/lib/dpkg/status.d/` (distroless). Only `install ok installed` counts
 * (dpkg(1) "Package states"). Licenses come from DEP-5 `License:` lines in
 * `usr/share/doc/<pkg>/copyright` when present.
 */
export const dpkgCataloger: Cataloger = {
  name: 'dpkg',
  version: '1',
  wants: (path) =>
    path === STATUS ||
    (path.startsWith(STATUS_D) &&
      !path.endsWith('.md5sums') &&
      path.indexOf('/', STATUS_D.length) < 0) ||
    (path.startsWith(DOC) && path.endsWith('/copyright') && path.split('/').length === 5),
  maxFileBytes: (path) => (path === STATUS ? 64 * 1024 * 1024 : 8 * 1024 * 1024),
  catalog: (files, ctx) => Promise.resolve(catalogDpkg(files, ctx)),
};

function catalogDpkg(files: FileTree, ctx: CatalogContext): CatalogResult {
  const out = new ResultBuilder();
  const sources: string[] = [];
  if (files.stat(STATUS)?.kind === 'file') sources.push(STATUS);
  for (const name of files.list(STATUS_D) ?? []) {
    if (!name.endsWith('.md5sums')) sources.push(STATUS_D + name);
  }
  for (const path of sources) {
    const record = files.stat(path);
    const bytes = files.read(path);
    if (!record || record.kind !== 'file' || !bytes) continue;
    let found = 0;
    for (const stanza of parseStanzas(bytes.toString('utf8'))) {
      const pkg = toPackage(stanza, files, ctx, record.path, record.layerDigest);
      if (pkg === 'not-installed') continue;
      if (pkg === undefined) {
        out.warn('PACKAGE_METADATA_INVALID', `${path}: a stanza without Package or Version`, path);
        continue;
      }
      out.packages.push(pkg);
      found++;
    }
    if (found === 0 && bytes.length > 0 && !/^Package:/m.test(bytes.toString('latin1'))) {
      out.warn('PACKAGE_DB_INVALID', `${path} holds no dpkg stanza`, path);
    }
  }
  return out.result();
}

function toPackage(
  s: Stanza,
  files: FileTree,
  ctx: CatalogContext,
  path: string,
  layerDigest: string | undefined,
): Package | 'not-installed' | undefined {
  const name = s.get('Package');
  const version = s.get('Version');
  const status = s.get('Status');
  // status.d files written by distroless tools carry no Status field: present means installed.
  if (status !== undefined && status.split(/\s+/)[2] !== 'installed') return 'not-installed';
  if (!name || !version) return undefined;
  const arch = s.get('Architecture');
  const source = parseSource(s.get('Source'), name, version);
  const licenses = copyrightLicenses(files, name);
  return {
    name,
    version,
    type: 'deb',
    purl: buildPurl({
      type: 'deb',
      name,
      version,
      ...(arch ? { arch } : {}),
      ...(ctx.os ? { distro: ctx.os } : {}),
      ...(upstreamQualifier(s.get('Source')) ?? {}),
    }),
    sourceName: source.name,
    sourceVersion: source.version,
    licenses,
    ...(arch ? { arch } : {}),
    locations: [{ path, layerDigest }],
    foundBy: 'dpkg',
  };
}

/** `Source: bash (5.2.15-2)` → bash, 5.2.15-2; no version means the binary's own. */
export function parseSource(
  field: string | undefined,
  name: string,
  version: string,
): { name: string; version: string } {
  if (!field) return { name, version };
  const m = /^(\S+)(?:\s+\((\S+)\))?/.exec(field.trim());
  if (!m) return { name, version };
  return { name: m[1]!, version: m[2] ?? version };
}

// As syft writes it, so matchers reading either tool's purls agree: `upstream=<source>` when a
// Source field exists, `<source>@<version>` when it names a version.
function upstreamQualifier(
  field: string | undefined,
): { qualifiers: { upstream: string } } | undefined {
  const m = field ? /^(\S+)(?:\s+\((\S+)\))?/.exec(field.trim()) : null;
  if (!m) return undefined;
  return { qualifiers: { upstream: m[2] ? `${m[1]}@${m[2]}` : m[1]! } };
}

const MAX_LICENSES = 32;

/** DEP-5 copyright: every `License: <short name>` line (the first line of the field). */
export function copyrightLicenses(files: FileTree, pkg: string): string[] {
  // Multi-arch packages may be listed as `name:arch`; the doc directory has the bare name.
  const bytes = files.read(`${DOC}${pkg.split(':')[0]}/copyright`);
  if (!bytes) return [];
  const found = new Set<string>();
  for (const m of bytes.toString('utf8').matchAll(/^License:[ \t]*([^\r\n]+)/gm)) {
    const value = m[1]!.trim();
    if (value !== '' && found.size < MAX_LICENSES) found.add(value);
  }
  return [...found].sort();
}
