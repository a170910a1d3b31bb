import { buildPurl } from '../package.ts';
import { isObject, readJson, str } from './json-file.ts';
import { ResultBuilder, type Cataloger } from './types.ts';

const INSTALLED = 'vendor/composer/installed.json';
const MAX_PACKAGES = 100_000;

/**
 * PHP packages Composer installed: `vendor/composer/installed.json`, an array (Composer 1)
 * or `{ "packages": [...] }` (Composer 2).
 */
export const composerCataloger: Cataloger = {
  name: 'php-composer',
  version: '1',
  wants: (path) => path === INSTALLED || path.endsWith(`/${INSTALLED}`),
  catalog: (files) => {
    const out = new ResultBuilder();
    for (const record of files.files()) {
      if (!composerCataloger.wants(record.path) || !record.hasContent) continue;
      const doc = readJson(files, record, out);
      if (doc === undefined) continue;
      const list = Array.isArray(doc)
        ? doc
        : isObject(doc) && Array.isArray(doc.packages)
          ? doc.packages
          : undefined;
      if (!list) {
        out.warn(
          'PACKAGE_METADATA_INVALID',
          `${record.path}: neither a list nor { packages }`,
          record.path,
        );
        continue;
      }
      for (const entry of list.slice(0, MAX_PACKAGES)) {
        const full = isObject(entry) ? str(entry.name) : undefined;
        const version = isObject(entry) ? str(entry.version) : undefined;
        if (!full || !version) continue;
        const slash = full.indexOf('/');
        const licenses =
          isObject(entry) && Array.isArray(entry.license)
            ? entry.license.filter((l) => typeof l === 'string')
            : [];
        out.packages.push({
          name: full,
          version,
          type: 'php-composer',
          purl: buildPurl({
            type: 'php-composer',
            name: slash > 0 ? full.slice(slash + 1) : full,
            version,
            ...(slash > 0 ? { namespace: full.slice(0, slash) } : {}),
          }),
          licenses: licenses as string[],
          locations: [{ path: record.path, layerDigest: record.layerDigest }],
          foundBy: 'php-composer',
        });
      }
    }
    return Promise.resolve(out.result());
  },
};
