import { buildPurl, type Package } from '../package.ts';
import { ResultBuilder, type Cataloger } from './types.ts';

const MAX_PACKAGE_JSON_BYTES = 1024 * 1024;

/**
 * npm packages installed in an image, following syft's javascript-package-cataloger: every
 * `package.json` that names a name and a version is a package (the application's own, each
 * `node_modules/<name>` and `node_modules/@scope/<name>`, nested ones each at their path).
 */
export const npmCataloger: Cataloger = {
  name: 'npm',
  version: '1',
  wants: (path) => path === 'package.json' || path.endsWith('/package.json'),
  maxFileBytes: () => MAX_PACKAGE_JSON_BYTES,
  catalog: (files) => {
    const out = new ResultBuilder();
    for (const record of files.files()) {
      if (!npmCataloger.wants(record.path) || !record.hasContent) continue;
      const bytes = files.read(record.path);
      if (!bytes) continue;
      let doc: unknown;
      try {
        doc = JSON.parse(bytes.toString('utf8'));
      } catch (err) {
        out.warn(
          'PACKAGE_METADATA_INVALID',
          `${record.path}: ${(err as Error).message}`,
          record.path,
        );
        continue;
      }
      const pkg = toPackage(doc, record.path, record.layerDigest);
      if (pkg) out.packages.push(pkg);
    }
    return Promise.resolve(out.result());
  },
};

function toPackage(
  doc: unknown,
  path: string,
  layerDigest: string | undefined,
): Package | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const o = doc as Record<string, unknown>;
  const full = o.name;
  const version = o.version;
  if (typeof full !== 'string' || typeof version !== 'string' || full === '' || version === '')
    return undefined;
  const slash = full.startsWith('@') ? full.indexOf('/') : -1;
  const namespace = slash > 0 ? full.slice(0, slash) : undefined;
  const name = slash > 0 ? full.slice(slash + 1) : full;
  return {
    name: full,
    version,
    type: 'npm',
    purl: buildPurl({ type: 'npm', name, version, ...(namespace ? { namespace } : {}) }),
    licenses: npmLicenses(o),
    locations: [{ path, layerDigest }],
    foundBy: 'npm',
  };
}

// `license: "MIT"`, the deprecated `license: {type}` and `licenses: [{type}]` forms.
function npmLicenses(o: Record<string, unknown>): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string' && v !== '') out.push(v);
    else if (typeof v === 'object' && v !== null) add((v as Record<string, unknown>).type);
  };
  add(o.license);
  if (Array.isArray(o.licenses)) o.licenses.slice(0, 16).forEach(add);
  return [...new Set(out)];
}
