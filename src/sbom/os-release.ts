import type { FileTree } from './layers/file-tree.ts';

/** The distribution an image is built on. */
export interface OsInfo {
  /** os-release `ID` (`debian`, `alpine`, `rhel`, …), lower case. */
  readonly id: string;
  readonly versionId?: string;
  readonly versionCodename?: string;
  readonly name?: string;
  readonly prettyName?: string;
  readonly idLike: readonly string[];
  /** Google distroless: Debian-based, no package manager, dpkg `status.d` files. */
  readonly distroless: boolean;
  /** The file the facts came from. */
  readonly source: string;
}

/** Paths OS detection reads, in order of preference. */
export const OS_RELEASE_PATHS = [
  'etc/os-release',
  'usr/lib/os-release',
  'etc/lsb-release',
  'etc/alpine-release',
  'etc/debian_version',
  'etc/redhat-release',
] as const;

const MAX_OS_FILE_BYTES = 64 * 1024;

/**
 * Parse an os-release file (freedesktop os-release(5)): `KEY=value` lines, values optionally
 * single- or double-quoted with backslash escapes, `#` comments.
 */
export function parseOsRelease(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.slice(0, MAX_OS_FILE_BYTES).split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    out.set(key, unquote(line.slice(eq + 1).trim()));
  }
  return out;
}

function unquote(v: string): string {
  const q = v[0];
  if ((q === '"' || q === "'") && v.length >= 2 && v.endsWith(q)) {
    const inner = v.slice(1, -1);
    return q === '"' ? inner.replace(/\\(["\\`$])/g, '$1') : inner;
  }
  return v;
}

/**
 * Detect the OS of a merged image. os-release wins; older images fall back to lsb-release,
 * alpine-release, debian_version or redhat-release. Undefined when nothing matches.
 *
 * @example detectOs(tree)?.id // 'debian'
 */
export function detectOs(tree: FileTree): OsInfo | undefined {
  const distroless = isDistroless(tree);
  for (const path of ['etc/os-release', 'usr/lib/os-release']) {
    const text = tree.read(path)?.toString('utf8');
    if (text === undefined) continue;
    const kv = parseOsRelease(text);
    const id = kv.get('ID')?.toLowerCase();
    if (!id) continue;
    return {
      id,
      ...optional('versionId', kv.get('VERSION_ID')),
      ...optional('versionCodename', kv.get('VERSION_CODENAME')),
      ...optional('name', kv.get('NAME')),
      ...optional('prettyName', kv.get('PRETTY_NAME')),
      idLike: (kv.get('ID_LIKE') ?? '').toLowerCase().split(/\s+/).filter(Boolean),
      distroless: distroless && (id === 'debian' || (kv.get('ID_LIKE') ?? '').includes('debian')),
      source: path,
    };
  }
  return fromLsbRelease(tree) ?? fromSingleFiles(tree, distroless);
}

function fromLsbRelease(tree: FileTree): OsInfo | undefined {
  const text = tree.read('etc/lsb-release')?.toString('utf8');
  if (text === undefined) return undefined;
  const kv = parseOsRelease(text);
  const id = kv.get('DISTRIB_ID')?.toLowerCase();
  if (!id) return undefined;
  return {
    id,
    ...optional('versionId', kv.get('DISTRIB_RELEASE')),
    ...optional('versionCodename', kv.get('DISTRIB_CODENAME')),
    ...optional('prettyName', kv.get('DISTRIB_DESCRIPTION')),
    idLike: [],
    distroless: false,
    source: 'etc/lsb-release',
  };
}

function fromSingleFiles(tree: FileTree, distroless: boolean): OsInfo | undefined {
  const first = (path: string) => tree.read(path)?.toString('utf8').split('\n')[0]?.trim();
  const alpine = first('etc/alpine-release');
  if (alpine) return simple('alpine', alpine, 'etc/alpine-release', false);
  const debian = first('etc/debian_version');
  if (debian) {
    // `12.5` → 12; testing/unstable write `trixie/sid`, which names no release number.
    const major = /^(\d+)/.exec(debian)?.[1];
    return simple('debian', major, 'etc/debian_version', distroless);
  }
  const redhat = first('etc/redhat-release');
  if (redhat) return fromRedhatRelease(redhat);
  return undefined;
}

const REDHAT_IDS: readonly [RegExp, string][] = [
  [/^centos/i, 'centos'],
  [/^red hat/i, 'rhel'],
  [/^rocky/i, 'rocky'],
  [/^alma/i, 'almalinux'],
  [/^fedora/i, 'fedora'],
  [/^oracle/i, 'ol'],
  [/^scientific/i, 'scientific'],
];

function fromRedhatRelease(line: string): OsInfo | undefined {
  const id = REDHAT_IDS.find(([re]) => re.test(line))?.[1];
  if (!id) return undefined;
  const version = /release\s+(\d+(?:\.\d+)*)/i.exec(line)?.[1];
  return { ...simple(id, version, 'etc/redhat-release', false), prettyName: line };
}

function simple(
  id: string,
  versionId: string | undefined,
  source: string,
  distroless: boolean,
): OsInfo {
  return { id, ...optional('versionId', versionId), idLike: [], distroless, source };
}

// Distroless images keep one dpkg control file per package under status.d and no status file.
function isDistroless(tree: FileTree): boolean {
  return (
    tree.stat('var/lib/dpkg/status.d')?.kind === 'dir' &&
    tree.stat('var/lib/dpkg/status') === undefined
  );
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value ? { [key]: value } : {}) as { [P in K]?: string };
}
