import { buildPurl, type Package } from '../../package.ts';
import { ResultBuilder, type Cataloger } from '../types.ts';
import { readGoBuildInfo, type GoBuildInfo } from './buildinfo.ts';

const NAME = 'go-module-binary';
const MIN_BYTES = 64 * 1024;
const MAX_BYTES = 256 * 1024 * 1024;
const BIN_DIR = /(^|\/)(s?bin|libexec)\/[^/]+$/;
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/**
 * Go modules compiled into binaries, from the build info every Go ≥ 1.13 binary carries
 * (`go version -m`): the main module, each `dep` (with `=>` replacements applied) and the Go
 * standard library as `stdlib`. Executables are probed while the layer streams; only the
 * build info is kept.
 */
export const goBinaryCataloger: Cataloger = {
  name: NAME,
  version: '1',
  wants: () => false,
  probe: {
    maxBytes: MAX_BYTES,
    wants: (path, size, mode) =>
      size >= MIN_BYTES &&
      (mode === undefined ? BIN_DIR.test(path) : (mode & 0o111) !== 0) &&
      !/\.so(\.|$)/.test(path),
    extract: (bytes) => {
      if (!bytes.subarray(0, 4).equals(ELF)) return undefined;
      const info = readGoBuildInfo(bytes);
      return info ? Buffer.from(JSON.stringify(info)) : undefined;
    },
  },
  catalog: (files) => {
    const out = new ResultBuilder();
    for (const record of files.files()) {
      const summary = files.probed(record.path, NAME);
      if (!summary) continue;
      const info = JSON.parse(summary.toString('utf8')) as GoBuildInfo;
      for (const [name, version] of modules(info)) {
        out.packages.push(goPackage(name, version, record.path, record.layerDigest));
      }
    }
    return Promise.resolve(out.result());
  },
};

/** [module path, version] pairs: main module (when versioned), deps, and stdlib. */
export function modules(info: GoBuildInfo): [string, string][] {
  const out: [string, string][] = [];
  for (const line of info.modinfo.split('\n')) {
    const [kind, path, version] = line.split('\t');
    if (!path || !version) continue;
    if (kind === 'mod' && version !== '(devel)') out.push([path, version]);
    else if (kind === 'dep') out.push([path, version]);
    else if (kind === '=>' && out.length > 0) out[out.length - 1] = [path, version];
  }
  const go = /^go(\d+(?:\.\d+)*)/.exec(info.goVersion)?.[1];
  if (go) out.push(['stdlib', go]);
  return out;
}

function goPackage(
  path: string,
  version: string,
  file: string,
  layerDigest: string | undefined,
): Package {
  const slash = path.lastIndexOf('/');
  return {
    name: path,
    version,
    type: 'go-module',
    purl: buildPurl({
      type: 'go-module',
      name: slash > 0 ? path.slice(slash + 1) : path,
      version,
      ...(slash > 0 ? { namespace: path.slice(0, slash) } : {}),
    }),
    licenses: [],
    locations: [{ path: file, layerDigest }],
    foundBy: NAME,
  };
}
