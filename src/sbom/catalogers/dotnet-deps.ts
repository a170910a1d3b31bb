import { buildPurl } from '../package.ts';
import { isObject, readJson } from './json-file.ts';
import { ResultBuilder, type Cataloger } from './types.ts';

/**
 * NuGet packages of a .NET application from its `<app>.deps.json` (the `libraries` map,
 * keys `Name/Version`, entries of type `package`; project references are not packages).
 */
export const dotnetDepsCataloger: Cataloger = {
  name: 'dotnet-deps',
  version: '1',
  wants: (path) => path.endsWith('.deps.json'),
  catalog: (files) => {
    const out = new ResultBuilder();
    for (const record of files.files()) {
      if (!dotnetDepsCataloger.wants(record.path) || !record.hasContent) continue;
      const doc = readJson(files, record, out);
      if (doc === undefined) continue;
      if (!isObject(doc) || !isObject(doc.libraries)) {
        out.warn('PACKAGE_METADATA_INVALID', `${record.path}: no libraries map`, record.path);
        continue;
      }
      for (const [key, lib] of Object.entries(doc.libraries)) {
        if (!isObject(lib) || lib.type !== 'package') continue;
        const slash = key.lastIndexOf('/');
        if (slash <= 0 || slash === key.length - 1) continue;
        const name = key.slice(0, slash);
        const version = key.slice(slash + 1);
        out.packages.push({
          name,
          version,
          type: 'dotnet',
          purl: buildPurl({ type: 'dotnet', name, version }),
          licenses: [],
          locations: [{ path: record.path, layerDigest: record.layerDigest }],
          foundBy: 'dotnet-deps',
        });
      }
    }
    return Promise.resolve(out.result());
  },
};
