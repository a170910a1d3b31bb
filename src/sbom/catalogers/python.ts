import { buildPurl, type Package } from '../package.ts';
import { ResultBuilder, type Cataloger } from './types.ts';

const MAX_METADATA_BYTES = 4 * 1024 * 1024;

/**
 * Installed Python distributions: `*.dist-info/METADATA` (wheels, PEP 376/566),
 * `*.egg-info/PKG-INFO` and a bare `*.egg-info` file (setuptools), all in the core
 * metadata format (packaging.python.org "Core metadata specifications").
 */
export const pythonCataloger: Cataloger = {
  name: 'python',
  version: '1',
  wants: (path) =>
    path.endsWith('.dist-info/METADATA') ||
    path.endsWith('.egg-info/PKG-INFO') ||
    path.endsWith('.egg-info'),
  maxFileBytes: () => MAX_METADATA_BYTES,
  catalog: (files) => {
    const out = new ResultBuilder();
    for (const record of files.files()) {
      if (!pythonCataloger.wants(record.path) || !record.hasContent) continue;
      const bytes = files.read(record.path);
      if (!bytes) continue;
      const headers = parseCoreMetadata(bytes.toString('utf8'));
      const name = headers.get('name')?.[0];
      const version = headers.get('version')?.[0];
      if (!name || !version) {
        out.warn(
          'PACKAGE_METADATA_INVALID',
          `${record.path}: no Name or Version header`,
          record.path,
        );
        continue;
      }
      const pkg: Package = {
        name,
        version,
        type: 'python',
        purl: buildPurl({ type: 'python', name, version }),
        licenses: pythonLicenses(headers),
        locations: [{ path: record.path, layerDigest: record.layerDigest }],
        foundBy: 'python',
      };
      out.packages.push(pkg);
    }
    return Promise.resolve(out.result());
  },
};

/** Headers up to the first blank line (the body is the description); names lower-cased. */
export function parseCoreMetadata(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') break;
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      last[last.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const list = out.get(key) ?? [];
    list.push(line.slice(colon + 1).trim());
    out.set(key, list);
    last = list;
  }
  return out;
}

// License-Expression (PEP 639) first, then a short License field, then license classifiers.
function pythonLicenses(h: Map<string, string[]>): string[] {
  const expr = h.get('license-expression')?.[0];
  if (expr) return [expr];
  const lic = h.get('license')?.[0];
  if (lic && lic !== 'UNKNOWN' && !lic.includes('\n') && lic.length <= 100) return [lic];
  const fromClassifiers = (h.get('classifier') ?? [])
    .filter((c) => c.startsWith('License ::'))
    .map((c) => c.split('::').pop()!.trim())
    .filter((c) => c !== '' && c !== 'OSI Approved');
  return [...new Set(fromClassifiers)];
}
