import { resolve as resolvePath } from 'node:path';
import { SigilError, errorMessage, isSigilError } from '../../core/index.ts';
import {
  PIN_LIMITS,
  detectFileKind,
  findImageReferences,
  isDirectory,
  pinText,
  readTextFile,
  walkPinnable,
  writeFileAtomic,
  type FileKind,
  type ResolveDigest,
} from '../../pin/index.ts';
import type { Command, CommandContext, OptionValues } from '../command.ts';
import { readStdin } from './io.ts';

/** What `pin` needs from outside; the CLI binds the registry resolver. */
export interface PinCommandDeps {
  readonly resolveDigest: ResolveDigest;
}

const KINDS: readonly FileKind[] = ['kubernetes', 'kustomization', 'compose', 'dockerfile'];

interface Input {
  /** As shown to the user; `-` for stdin. */
  readonly name: string;
  readonly path: string | undefined;
  /** Named on the command line (an unknown kind is then an error, not a skip). */
  readonly explicit: boolean;
}

interface Tally {
  failed: boolean;
  errors: number;
  changed: number;
}

export function makePinCommand(deps: PinCommandDeps): Command {
  return {
    name: 'pin',
    summary:
      'Pin image references to digests in manifests, kustomizations, compose files, Dockerfiles',
    usage: 'pin FILE|DIR|- ... [--write] [--check] [--update-drift] [--kind KIND]',
    options: {
      write: { type: 'boolean' },
      check: { type: 'boolean' },
      'update-drift': { type: 'boolean' },
      kind: { type: 'string' },
    },
    run: (ctx, values, positionals) => runPin(deps, ctx, values, positionals),
  };
}

async function runPin(
  deps: PinCommandDeps,
  ctx: CommandContext,
  values: OptionValues,
  positionals: string[],
): Promise<number> {
  if (positionals.length === 0) throw new SigilError('USAGE', 'name at least one FILE, DIR or -');
  if (values.write && values.check)
    throw new SigilError('USAGE', '--write and --check exclude each other');
  const kind = values.kind === undefined ? undefined : parseKind(String(values.kind));
  const tally: Tally = { failed: false, errors: 0, changed: 0 };
  const cache = new Map<string, Promise<string>>();
  for (const input of await expandInputs(ctx, positionals)) {
    try {
      await pinOne(deps, ctx, values, input, kind, cache, tally);
    } catch (err) {
      if (!isSigilError(err) && !isNodeFsError(err)) throw err;
      tally.errors++;
      const code = isSigilError(err) ? err.code : 'READ_ERROR';
      ctx.stderr.write(`sigil: ${input.name}: ${code}: ${errorMessage(err)}\n`);
    }
  }
  if (!values.check && !values.write && tally.changed > 0 && !positionals.every((p) => p === '-')) {
    ctx.stderr.write(
      `${tally.changed} reference(s) would change; run with --write to change the files\n`,
    );
  }
  return tally.errors > 0 ? 2 : tally.failed ? 1 : 0;
}

async function pinOne(
  deps: PinCommandDeps,
  ctx: CommandContext,
  values: OptionValues,
  input: Input,
  forcedKind: FileKind | undefined,
  cache: Map<string, Promise<string>>,
  tally: Tally,
): Promise<void> {
  const text =
    input.path === undefined
      ? await readStdin(ctx.stdin, PIN_LIMITS.textBytes)
      : await readTextFile(input.path);
  const kind = forcedKind ?? detectFileKind(input.path ?? '-', text);
  if (kind === undefined) {
    if (input.explicit)
      throw new SigilError(
        'PIN_KIND_UNKNOWN',
        'not a manifest, kustomization, compose file or Dockerfile; use --kind',
      );
    return;
  }
  if (values.check) return checkOne(ctx, input, text, kind, tally);
  const result = await pinText(text, kind, deps.resolveDigest, {
    cache,
    updateDrift: values['update-drift'] === true,
  });
  const report = input.path === undefined ? ctx.stderr : ctx.stdout;
  for (const c of result.changes)
    report.write(`${input.name}:${c.line}:${c.column}: ${c.from} -> ${c.to}\n`);
  for (const w of result.warnings) {
    ctx.stderr.write(
      `${input.name}:${w.line}:${w.column}: ${w.code}: ${w.reference}: ${w.message}\n`,
    );
    if (w.code !== 'SKIPPED') tally.failed = true;
  }
  tally.changed += result.changes.length;
  if (input.path === undefined) ctx.stdout.write(result.text);
  else if (values.write && result.text !== text) await writeFileAtomic(input.path, result.text);
}

function checkOne(
  ctx: CommandContext,
  input: Input,
  text: string,
  kind: FileKind,
  tally: Tally,
): void {
  for (const ref of findImageReferences(text, kind)) {
    const where = `${input.name}:${ref.line}:${ref.column}`;
    if (ref.state === 'unpinned') {
      ctx.stdout.write(`${where}: unpinned: ${ref.reference}\n`);
      tally.failed = true;
    } else if (ref.state === 'skipped') {
      ctx.stderr.write(`${where}: SKIPPED: ${ref.reference}: ${ref.note ?? ''}\n`);
    }
  }
}

async function expandInputs(ctx: CommandContext, positionals: readonly string[]): Promise<Input[]> {
  const inputs: Input[] = [];
  for (const p of positionals) {
    if (p === '-') {
      inputs.push({ name: '-', path: undefined, explicit: true });
      continue;
    }
    const path = resolvePath(ctx.cwd, p);
    let dir: boolean;
    try {
      dir = await isDirectory(path);
    } catch (err) {
      throw new SigilError('FILE_NOT_FOUND', `cannot read ${p}: ${errorMessage(err)}`, {
        cause: err,
      });
    }
    if (!dir) inputs.push({ name: p, path, explicit: true });
    else
      for (const f of await walkPinnable(path))
        inputs.push({ name: relativeName(p, path, f), path: f, explicit: false });
  }
  return inputs;
}

function relativeName(given: string, abs: string, file: string): string {
  return `${given.replace(/\/+$/, '')}${file.slice(abs.length)}`;
}

function parseKind(kind: string): FileKind {
  const found = KINDS.find((k) => k === kind);
  if (!found) throw new SigilError('USAGE', `--kind must be one of ${KINDS.join(', ')}`);
  return found;
}

function isNodeFsError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
