import { resolve as resolvePath } from 'node:path';
import { SigilError, errorMessage, type Clock } from '../../core/index.ts';
import {
  defaultLedgerPath,
  findMovedTags,
  openLedger,
  type Ledger,
  type Promotion,
} from '../../ledger/index.ts';
import {
  detectFileKind,
  formatReference,
  isDirectory,
  readTextFile,
  rewriteRepository,
  splitReference,
  walkPinnable,
  writeFileAtomic,
  type ResolveDigest,
} from '../../pin/index.ts';
import type { Command, CommandContext, OptionValues } from '../command.ts';

/** What the ledger commands need from outside; the CLI binds the registry resolver. */
export interface LedgerCommandDeps {
  readonly resolveDigest: ResolveDigest;
  readonly clock?: Clock;
}

const LEDGER_OPTION = { ledger: { type: 'string' } } as const;

/** `ledger record`, `ledger history`, `ledger rollback`, `ledger check`. */
export function makeLedgerCommands(deps: LedgerCommandDeps): Command[] {
  return [
    {
      name: 'ledger record',
      summary: 'Record that an image digest was promoted to an app environment',
      usage: 'ledger record IMAGE --app NAME --env ENV [--note TEXT] [--user WHO] [--ledger PATH]',
      options: {
        ...LEDGER_OPTION,
        app: { type: 'string' },
        env: { type: 'string' },
        note: { type: 'string' },
        user: { type: 'string' },
      },
      run: (ctx, values, positionals) =>
        withLedger(deps, ctx, values, (l) => record(deps, ctx, l, values, positionals)),
    },
    {
      name: 'ledger history',
      summary: 'List the promotions of an app, newest first',
      usage: 'ledger history --app NAME [--env ENV] [--output text|json] [--ledger PATH]',
      options: {
        ...LEDGER_OPTION,
        app: { type: 'string' },
        env: { type: 'string' },
        output: { type: 'string' },
      },
      run: (ctx, values) => withLedger(deps, ctx, values, (l) => history(ctx, l, values)),
    },
    {
      name: 'ledger rollback',
      summary: 'Show the previous known-good digest, or point the files at it',
      usage:
        'ledger rollback --app NAME --env ENV [--to N] [--repository REPO] [--write] [FILE|DIR ...]',
      options: {
        ...LEDGER_OPTION,
        app: { type: 'string' },
        env: { type: 'string' },
        to: { type: 'string' },
        repository: { type: 'string' },
        write: { type: 'boolean' },
      },
      run: (ctx, values, positionals) =>
        withLedger(deps, ctx, values, (l) => rollback(ctx, l, values, positionals)),
    },
    {
      name: 'ledger check',
      summary: 'Fail when a promoted tag now points at another digest',
      usage: 'ledger check [--ledger PATH]',
      options: { ...LEDGER_OPTION },
      run: (ctx, values) => withLedger(deps, ctx, values, (l) => check(deps, ctx, l)),
    },
  ];
}

async function withLedger(
  deps: LedgerCommandDeps,
  ctx: CommandContext,
  values: OptionValues,
  fn: (ledger: Ledger) => Promise<number>,
): Promise<number> {
  const path =
    typeof values.ledger === 'string'
      ? resolvePath(ctx.cwd, values.ledger)
      : defaultLedgerPath(ctx.env);
  const ledger = openLedger({ path, ...(deps.clock && { clock: deps.clock }) });
  try {
    return await fn(ledger);
  } finally {
    ledger.close();
  }
}

function required(values: OptionValues, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new SigilError('USAGE', `--${name} is required`);
  return v;
}

async function record(
  deps: LedgerCommandDeps,
  ctx: CommandContext,
  ledger: Ledger,
  values: OptionValues,
  positionals: string[],
): Promise<number> {
  if (positionals.length !== 1) throw new SigilError('USAGE', 'name exactly one IMAGE');
  const app = required(values, 'app');
  const env = required(values, 'env');
  const ref = splitReference(positionals[0] as string);
  const tag = ref.tag ?? (ref.digest === undefined ? 'latest' : undefined);
  const digest = ref.digest ?? (await deps.resolveDigest(formatReference({ name: ref.name, tag })));
  const p = ledger.record({
    app,
    env,
    repository: ref.name,
    ...(tag !== undefined && { tag }),
    digest,
    actor: typeof values.user === 'string' ? values.user : (ctx.env.USER ?? 'unknown'),
    ...(typeof values.note === 'string' && { note: values.note }),
  });
  ctx.stdout.write(`recorded ${p.app}/${p.env} ${imageOf(p)} (#${p.id})\n`);
  return 0;
}

async function history(ctx: CommandContext, ledger: Ledger, values: OptionValues): Promise<number> {
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json')
    throw new SigilError('USAGE', '--output must be text or json');
  const rows = ledger.history({
    app: required(values, 'app'),
    ...(typeof values.env === 'string' && { env: values.env }),
  });
  if (output === 'json') {
    ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  for (const p of rows) {
    ctx.stdout.write(
      `#${p.id}  ${p.promotedAt}  ${p.env}  ${imageOf(p)}  ${p.actor}${p.note ? `  ${JSON.stringify(p.note)}` : ''}\n`,
    );
  }
  return 0;
}

async function rollback(
  ctx: CommandContext,
  ledger: Ledger,
  values: OptionValues,
  positionals: string[],
): Promise<number> {
  const to = values.to === undefined ? 1 : Number(values.to);
  if (!Number.isInteger(to) || to < 1)
    throw new SigilError('USAGE', '--to must be a positive integer');
  if (values.write && positionals.length === 0)
    throw new SigilError('USAGE', '--write needs the FILEs to rewrite');
  const target = ledger.previousKnownGood({
    app: required(values, 'app'),
    env: required(values, 'env'),
    to,
    ...(typeof values.repository === 'string' && { repository: values.repository }),
  });
  ctx.stdout.write(`${imageOf(target)}\n`);
  ctx.stderr.write(
    `previous known-good of ${target.app}/${target.env}: #${target.id}, ${target.promotedAt} by ${target.actor}\n`,
  );
  let touched = 0;
  for (const { file, explicit } of await expand(ctx.cwd, positionals)) {
    const text = await readTextFile(file);
    const kind = detectFileKind(file, text);
    if (kind === undefined && explicit) {
      throw new SigilError(
        'PIN_KIND_UNKNOWN',
        `${file}: not a manifest, kustomization, compose file or Dockerfile`,
      );
    }
    if (kind === undefined) continue;
    const result = rewriteRepository(text, kind, target);
    for (const c of result.changes)
      ctx.stderr.write(`${file}:${c.line}:${c.column}: ${c.from} -> ${c.to}\n`);
    touched += result.changes.length;
    if (values.write && result.text !== text) await writeFileAtomic(file, result.text);
  }
  if (positionals.length > 0 && touched === 0) {
    ctx.stderr.write(`no reference to ${target.repository} needed a change\n`);
  }
  return 0;
}

async function check(
  deps: LedgerCommandDeps,
  ctx: CommandContext,
  ledger: Ledger,
): Promise<number> {
  const { moved, failures } = await findMovedTags(ledger, deps.resolveDigest);
  for (const m of moved) {
    ctx.stdout.write(
      `moved: ${m.repository}:${m.tag} promoted ${m.digest} at ${m.promotedAt}, now ${m.current}\n`,
    );
  }
  for (const f of failures) {
    ctx.stderr.write(`unresolved: ${f.tag.repository}:${f.tag.tag}: ${f.message}\n`);
  }
  const total = ledger.trackedTags().length;
  if (moved.length === 0 && failures.length === 0)
    ctx.stderr.write(`${total} tracked tag(s), none moved\n`);
  return moved.length > 0 || failures.length > 0 ? 1 : 0;
}

function imageOf(p: Promotion): string {
  return formatReference({
    name: p.repository,
    ...(p.tag !== undefined && { tag: p.tag }),
    digest: p.digest,
  });
}

async function expand(
  cwd: string,
  paths: readonly string[],
): Promise<{ file: string; explicit: boolean }[]> {
  const out: { file: string; explicit: boolean }[] = [];
  for (const p of paths) {
    const abs = resolvePath(cwd, p);
    try {
      if (await isDirectory(abs)) {
        for (const file of await walkPinnable(abs)) out.push({ file, explicit: false });
      } else out.push({ file: abs, explicit: true });
    } catch (err) {
      throw new SigilError('FILE_NOT_FOUND', `cannot read ${p}: ${errorMessage(err)}`, {
        cause: err,
      });
    }
  }
  return out;
}
