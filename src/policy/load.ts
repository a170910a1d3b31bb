/**
 * Load policy bundles from disk the way `opa eval -d` does: `.rego` files become modules,
 * `.json` files become data (a file inside a directory lands under that directory's path).
 * Bounded: hostile trees meet a file-count and byte ceiling.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { RegoError } from './errors.ts';

export interface LoadLimits {
  readonly maxFiles: number;
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  maxFiles: 10_000,
  maxFileBytes: 16 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
};

export interface LoadedPolicy {
  readonly modules: Record<string, string>;
  /** Data documents, each placed at a path (directory segments), merged by the caller. */
  readonly data: { readonly path: readonly string[]; readonly value: unknown }[];
}

/** Load every path given with `-d`. */
export async function loadPaths(
  paths: readonly string[],
  limits: LoadLimits = DEFAULT_LOAD_LIMITS,
): Promise<LoadedPolicy> {
  const out: LoadedPolicy = { modules: {}, data: [] };
  const budget = { files: 0, bytes: 0 };
  for (const p of paths) {
    const st = await stat(p).catch((cause: unknown) => {
      throw new RegoError(
        'rego_parse_error',
        `cannot read ${p}: ${(cause as Error).message}`,
        undefined,
        { cause },
      );
    });
    if (st.isDirectory()) await walkDir(p, p, out, budget, limits);
    else await loadFile(p, [], out, budget, limits);
  }
  return out;
}

async function walkDir(
  root: string,
  dir: string,
  out: LoadedPolicy,
  budget: { files: number; bytes: number },
  limits: LoadLimits,
): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) await walkDir(root, full, out, budget, limits);
    else if (e.isFile()) {
      const rel = path.relative(root, path.dirname(full));
      await loadFile(full, rel === '' ? [] : rel.split(path.sep), out, budget, limits);
    }
  }
}

async function loadFile(
  file: string,
  dataPath: string[],
  out: LoadedPolicy,
  budget: { files: number; bytes: number },
  limits: LoadLimits,
): Promise<void> {
  const isRego = file.endsWith('.rego');
  const isJson = file.endsWith('.json');
  if (!isRego && !isJson) return;
  if (++budget.files > limits.maxFiles)
    throw new RegoError('rego_parse_error', `more than ${limits.maxFiles} policy files`);
  const st = await stat(file);
  if (st.size > limits.maxFileBytes)
    throw new RegoError('rego_parse_error', `${file}: larger than ${limits.maxFileBytes} bytes`);
  budget.bytes += st.size;
  if (budget.bytes > limits.maxTotalBytes)
    throw new RegoError(
      'rego_parse_error',
      `policy files larger than ${limits.maxTotalBytes} bytes in total`,
    );
  const text = await readFile(file, 'utf8');
  if (isRego) {
    out.modules[file] = text;
    return;
  }
  try {
    out.data.push({ path: dataPath, value: JSON.parse(text) as unknown });
  } catch (cause) {
    throw new RegoError(
      'rego_parse_error',
      `${file}: invalid JSON: ${(cause as Error).message}`,
      undefined,
      { cause },
    );
  }
}

/** Merge data documents into one object; conflicting non-object values are an error. */
export function mergeData(docs: LoadedPolicy['data']): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const d of docs) {
    let cur = root;
    for (const seg of d.path) {
      const next = cur[seg];
      if (next === undefined) cur[seg] = {};
      else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        throw new RegoError('rego_compile_error', `data conflict at ${d.path.join('.')}`);
      }
      cur = cur[seg] as Record<string, unknown>;
    }
    if (typeof d.value !== 'object' || d.value === null || Array.isArray(d.value)) {
      if (d.path.length === 0)
        throw new RegoError('rego_compile_error', 'root data document must be an object');
      throw new RegoError('rego_compile_error', `data at ${d.path.join('.')} must be an object`);
    }
    deepMerge(cur, d.value as Record<string, unknown>);
  }
  return root;
}

function deepMerge(dst: Record<string, unknown>, src: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(src)) {
    const cur = dst[k];
    if (isPlain(cur) && isPlain(v)) deepMerge(cur, v);
    else if (cur !== undefined)
      throw new RegoError('rego_compile_error', `data conflict at key ${k}`);
    else dst[k] = v;
  }
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
