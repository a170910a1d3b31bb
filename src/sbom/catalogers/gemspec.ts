import { buildPurl } from '../package.ts';
import { ResultBuilder, type Cataloger } from './types.ts';

const SPEC_DIR = /(^|\/)specifications\/[^/]+\.gemspec$/;

/**
 * Installed Ruby gems from the stub gemspecs RubyGems writes under `specifications/`
 * (read as text, never evaluated: `s.name = "x".freeze`, `s.version = "1.0"`, `s.licenses`).
 */
export const gemspecCataloger: Cataloger = {
  name: 'ruby-gemspec',
  version: '1',
  wants: (path) => SPEC_DIR.test(path),
  maxFileBytes: () => 1024 * 1024,
  catalog: (files) => {
    const out = new ResultBuilder();
    for (const record of files.files()) {
      if (!gemspecCataloger.wants(record.path) || !record.hasContent) continue;
      const text = files.read(record.path)!.toString('utf8');
      const name = assigned(text, 'name');
      const version = assigned(text, 'version');
      if (!name || !version) {
        out.warn('PACKAGE_METADATA_INVALID', `${record.path}: no s.name or s.version`, record.path);
        continue;
      }
      out.packages.push({
        name,
        version,
        type: 'gem',
        purl: buildPurl({ type: 'gem', name, version }),
        licenses: licenses(text),
        locations: [{ path: record.path, layerDigest: record.layerDigest }],
        foundBy: 'ruby-gemspec',
      });
    }
    return Promise.resolve(out.result());
  },
};

// `s.name = "bundler".freeze` or `spec.name = 'x'`; the receiver name varies. Only blanks
// and tabs around the parts: `\s*` across newlines would backtrack quadratically on hostile files.
function assigned(text: string, field: string): string | undefined {
  const re = new RegExp(`^[ \\t]*\\w+\\.${field}[ \\t]*=[ \\t]*["']([^"'\\n]+)["']`, 'm');
  return re.exec(text)?.[1];
}

function licenses(text: string): string[] {
  const list = /^[ \t]*\w+\.licenses[ \t]*=[ \t]*\[([^\]\n]*)\]/m.exec(text)?.[1];
  const one = /^[ \t]*\w+\.license[ \t]*=[ \t]*["']([^"'\n]+)["']/m.exec(text)?.[1];
  const found = list ? [...list.matchAll(/["']([^"']+)["']/g)].map((m) => m[1]!) : [];
  if (one) found.push(one);
  return [...new Set(found)];
}
