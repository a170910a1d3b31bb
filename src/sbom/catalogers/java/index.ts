import { SbomError } from '../../errors.ts';
import { buildPurl, type Package } from '../../package.ts';
import { ResultBuilder, type Cataloger } from '../types.ts';
import { readZipEntry, zipEntries } from './zip.ts';

const NAME = 'java-archive';
const ARCHIVE = /\.(jar|war|ear|jpi|hpi)$/i;
const POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
const MANIFEST = 'META-INF/MANIFEST.MF';
// Bounds what a zip bomb can make us inflate: 1 MiB of manifest, 64 KiB per pom.properties.
const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_POM_BYTES = 64 * 1024;
const MAX_POMS = 256;

interface JarSummary {
  readonly manifest?: string;
  readonly poms: readonly string[];
}

/**
 * Java archives: every `META-INF/maven/<group>/<artifact>/pom.properties` inside a jar is a
 * Maven package (shaded ones included); a jar without one is named from its manifest and
 * file name. Archives are probed while the layer streams; only those small files are kept.
 * Nested jars (Spring Boot fat jars) are not opened.
 */
export const javaArchiveCataloger: Cataloger = {
  name: NAME,
  version: '1',
  wants: () => false,
  probe: {
    maxBytes: 256 * 1024 * 1024,
    wants: (path) => ARCHIVE.test(path),
    extract: (bytes) => {
      const entries = zipEntries(bytes);
      if (!entries) throw new SbomError('PACKAGE_METADATA_INVALID', 'not a readable zip archive');
      const read = (name: string) => {
        const e = entries.find((x) => x.name === name);
        return e && readZipEntry(bytes, e, MAX_MANIFEST_BYTES)?.toString('utf8');
      };
      const poms = entries
        .filter((e) => POM_PROPERTIES.test(e.name))
        .slice(0, MAX_POMS)
        .map((e) => readZipEntry(bytes, e, MAX_POM_BYTES)?.toString('utf8'))
        .filter((t): t is string => t !== undefined);
      const manifest = read(MANIFEST);
      const summary: JarSummary = { poms, ...(manifest !== undefined ? { manifest } : {}) };
      return Buffer.from(JSON.stringify(summary));
    },
  },
  catalog: (files) => {
    const out = new ResultBuilder();
    for (const record of files.files()) {
      const raw = files.probed(record.path, NAME);
      if (!raw) continue;
      const summary = JSON.parse(raw.toString('utf8')) as JarSummary;
      const loc = { path: record.path, layerDigest: record.layerDigest };
      const found = packagesOf(summary, record.path).map((p) => ({ ...p, locations: [loc] }));
      if (found.length === 0) {
        out.warn(
          'PACKAGE_METADATA_INVALID',
          `${record.path}: a Java archive naming no package`,
          record.path,
        );
      }
      out.packages.push(...found);
    }
    return Promise.resolve(out.result());
  },
};

function packagesOf(summary: JarSummary, path: string): Omit<Package, 'locations'>[] {
  const manifest = parseManifest(summary.manifest ?? '');
  const licenses = manifest.get('Bundle-License') ? [manifest.get('Bundle-License')!] : [];
  const fromPoms = summary.poms.flatMap((text) => {
    const p = parseProperties(text);
    const group = p.get('groupId');
    const artifact = p.get('artifactId');
    const version = p.get('version');
    return group && artifact && version ? [maven(group, artifact, version, licenses)] : [];
  });
  if (fromPoms.length > 0) return fromPoms;
  const file = /([^/]+?)(?:-(\d[^/]*))?\.[a-z]+$/i.exec(path);
  const name = file?.[1] ?? manifest.get('Implementation-Title');
  const version =
    manifest.get('Implementation-Version') ??
    manifest.get('Bundle-Version') ??
    manifest.get('Specification-Version') ??
    file?.[2];
  if (!name || !version) return [];
  const group =
    manifest.get('Implementation-Vendor-Id') ??
    manifest
      .get('Bundle-SymbolicName')
      ?.split(';')[0]
      ?.replace(/\.[^.]+$/, '');
  return [maven(group ?? name, name, version, licenses)];
}

function maven(
  group: string,
  artifact: string,
  version: string,
  licenses: string[],
): Omit<Package, 'locations'> {
  return {
    name: artifact,
    version,
    type: 'java-archive',
    purl: buildPurl({ type: 'java-archive', namespace: group, name: artifact, version }),
    licenses,
    foundBy: NAME,
  };
}

/** Java .properties: `key=value` or `key: value`, `#`/`!` comments. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (m && !out.has(m[1]!)) out.set(m[1]!, m[2]!.trim());
  }
  return out;
}

/** JAR manifest main section: `Name: value`, continuation lines start with one space. */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (line.startsWith(' ') && last) {
      out.set(last, out.get(last)! + line.slice(1));
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim();
    if (!out.has(last)) out.set(last, line.slice(colon + 1).trim());
  }
  return out;
}
