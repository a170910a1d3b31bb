import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SigilError } from '../../core/index.ts';
import {
  compile,
  loadPaths,
  mergeData,
  stringifyJSON,
  type ResultSet,
} from '../../policy/index.ts';
import type { Command } from '../command.ts';

const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** `sigil policy eval`: `opa eval` for the Rego engine, printing `opa eval --format json`'s shape. */
export const policyEval: Command = {
  name: 'policy eval',
  summary: 'Evaluate a Rego query against policies and data (like opa eval)',
  usage:
    'policy eval [-d FILE|DIR]... [-i FILE] [--format json|pretty] [--v0-compatible] [--strict-builtin-errors] [--fail] QUERY',
  options: {
    data: { type: 'string', short: 'd', multiple: true },
    input: { type: 'string', short: 'i' },
    format: { type: 'string', short: 'f', default: 'json' },
    'v0-compatible': { type: 'boolean' },
    'strict-builtin-errors': { type: 'boolean' },
    fail: { type: 'boolean' },
  },
  async run(ctx, values, positionals) {
    if (positionals.length !== 1)
      throw new SigilError('USAGE', 'policy eval takes exactly one QUERY');
    const format = String(values.format ?? 'json');
    if (format !== 'json' && format !== 'pretty')
      throw new SigilError('USAGE', `unknown --format ${format}`);
    const dataPaths = ((values.data as string[] | undefined) ?? []).map((p) =>
      path.resolve(ctx.cwd, p),
    );
    const loaded = await loadPaths(dataPaths);
    const compiled = compile({
      modules: loaded.modules,
      data: mergeData(loaded.data),
      v0Compatible: values['v0-compatible'] === true,
    });
    const input =
      typeof values.input === 'string'
        ? await readInput(path.resolve(ctx.cwd, values.input))
        : undefined;
    const rs = compiled.prepare(positionals[0]!).eval({
      input,
      strictBuiltinErrors: values['strict-builtin-errors'] === true,
      print: (line) => ctx.stderr.write(line + '\n'),
    });
    ctx.stdout.write((format === 'json' ? renderJson(rs) : renderPretty(rs)) + '\n');
    return values.fail === true && rs.length === 0 ? 1 : 0;
  },
};

async function readInput(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  if (text.length > MAX_INPUT_BYTES)
    throw new SigilError('INPUT_TOO_LARGE', `${file}: larger than ${MAX_INPUT_BYTES} bytes`);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new SigilError('INPUT_INVALID', `${file}: invalid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** `opa eval --format json`: `{}` when undefined; `bindings` omitted when empty. */
export function renderJson(rs: ResultSet): string {
  if (rs.length === 0) return '{}';
  const result = rs.map((r) =>
    Object.keys(r.bindings).length === 0 ? { expressions: r.expressions } : r,
  );
  return stringifyJSON({ result }, 2);
}

function renderPretty(rs: ResultSet): string {
  if (rs.length === 0) return 'undefined';
  const simple =
    rs.length === 1 && Object.keys(rs[0]!.bindings).length === 0 && rs[0]!.expressions.length === 1;
  if (simple) return stringifyJSON(rs[0]!.expressions[0]!.value, 2);
  return stringifyJSON(
    rs.map((r) =>
      Object.keys(r.bindings).length > 0 ? r.bindings : r.expressions.map((e) => e.value),
    ),
    2,
  );
}
