/**
 * Loader for OPA's compliance suite (`test/cases/testdata/{v0,v1}`): YAML files holding
 * `cases:` lists with modules, data, input, query and the wanted result or error.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface ComplianceCase {
  /** Stable id: `v1/<folder>/<file>#<index>`. */
  readonly id: string;
  readonly version: 'v0' | 'v1';
  readonly folder: string;
  readonly note: string;
  readonly query: string;
  readonly modules: readonly string[];
  readonly data: unknown;
  readonly input: unknown;
  readonly inputTerm: string | undefined;
  readonly wantResult: readonly Record<string, unknown>[] | undefined;
  readonly wantError: string | undefined;
  readonly wantErrorCode: string | undefined;
  readonly strictError: boolean;
  readonly sortBindings: boolean;
}

/** Where the shared material lives: `SIGIL_SHARED_DIR`, else `<repo>/../shared`. */
export function sharedDir(
  repoRoot: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return env.SIGIL_SHARED_DIR ?? path.resolve(repoRoot, '..', 'shared');
}

export function loadCases(
  suiteRoot: string,
  version: 'v0' | 'v1',
  folders?: ReadonlySet<string>,
): ComplianceCase[] {
  const base = path.join(suiteRoot, version);
  const out: ComplianceCase[] = [];
  for (const folder of readdirSync(base).sort()) {
    if (folders && !folders.has(folder)) continue;
    const dir = path.join(base, folder);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.yaml')) continue;
      const text = readFileSync(path.join(dir, file), 'utf8');
      let index = 0;
      for (const doc of parseAllDocuments(text, { intAsBigInt: true })) {
        const js = doc.toJS({ maxAliasCount: 100 }) as { cases?: Record<string, unknown>[] } | null;
        for (const c of js?.cases ?? []) {
          out.push(toCase(c, `${version}/${folder}/${file}#${index++}`, version, folder));
        }
      }
    }
  }
  return out;
}

function toCase(
  c: Record<string, unknown>,
  id: string,
  version: 'v0' | 'v1',
  folder: string,
): ComplianceCase {
  const opt = (k: string): string | undefined =>
    typeof c[k] === 'string' ? (c[k] as string) : undefined;
  return {
    id,
    version,
    folder,
    note: opt('note') ?? '',
    query: opt('query') ?? '',
    modules: Array.isArray(c.modules) ? (c.modules as string[]) : [],
    data: c.data,
    input: c.input,
    inputTerm: opt('input_term'),
    wantResult: Array.isArray(c.want_result)
      ? (c.want_result as Record<string, unknown>[])
      : undefined,
    wantError: opt('want_error'),
    wantErrorCode: opt('want_error_code'),
    strictError: c.strict_error === true,
    sortBindings: c.sort_bindings === true,
  };
}

/** Folder → tier from FOLDERS-v1.tsv (folders missing there are tier 3). */
export function loadTiers(suiteRoot: string): Map<string, number> {
  const tiers = new Map<string, number>();
  const lines = readFileSync(path.join(suiteRoot, 'FOLDERS-v1.tsv'), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const cols = line.split('\t');
    if (cols.length >= 5) tiers.set(cols[0]!, Number(cols[4]));
  }
  return tiers;
}
