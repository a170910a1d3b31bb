import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  SigilError,
  systemClock,
  type Clock,
  type EventSink,
  type SigilEvent,
} from '../../core/index.ts';
import { openImageSource } from '../../oci/index.ts';
import {
  gateFails,
  LAYER_PROGRESS_TASK,
  parseIgnoreFile,
  parseOpenVex,
  parseSeverity,
  parseSeverityList,
  readSbom,
  reportFormat,
  scanImage,
  scanPackages,
  type FilterOptions,
  type ScanResult,
} from '../../scan/index.ts';
import {
  AdvisoryDb,
  assertFresh,
  dbStatus,
  isOlderThan,
  STALE_WARNING_DAYS,
} from '../../vulndb/index.ts';
import type { Command, CommandContext, OptionValues } from '../command.ts';
import {
  PLATFORM_OPTION,
  REGISTRY_OPTIONS,
  platformOption,
  registryOptions,
} from '../image-options.ts';
import { renderEvents } from '../progress.ts';
import { DB_OPTION, dbPathOf } from './db-options.ts';

const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * `sigil scan IMAGE | --sbom FILE`: the advisories that affect an image's packages, as a
 * report; exit 1 when `--fail-on` finds a finding at or above that severity.
 */
export function makeScanCommand(
  deps: { readonly clock?: Clock; readonly version?: string } = {},
): Command {
  const clock = deps.clock ?? systemClock;
  return {
    name: 'scan',
    summary: 'Find the known vulnerabilities in an image (or a CycloneDX SBOM)',
    usage:
      'scan IMAGE | --sbom FILE [--format table|json|sarif|cyclonedx-json] [-o FILE]\n' +
      '       [--severity LIST] [--fail-on SEVERITY] [--ignore-unfixed] [--ignore-file FILE]\n' +
      '       [--vex FILE] [--show-suppressed] [--db PATH] [--max-db-age DAYS] [--platform P]',
    options: {
      ...PLATFORM_OPTION,
      ...REGISTRY_OPTIONS,
      ...DB_OPTION,
      sbom: { type: 'string' },
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      severity: { type: 'string' },
      'fail-on': { type: 'string' },
      'ignore-unfixed': { type: 'boolean' },
      'ignore-file': { type: 'string' },
      vex: { type: 'string', multiple: true },
      'show-suppressed': { type: 'boolean' },
      'max-db-age': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
    },
    async run(ctx, values, positionals) {
      const format = reportFormat(str(values['format']) ?? 'table');
      const failOn = str(values['fail-on']);
      const gate = failOn === undefined ? undefined : parseSeverity(failOn);
      const rendered = renderEvents(ctx.stderr, {
        tty: ctx.isTTY,
        quiet: values['quiet'] === true,
      });
      // Only layer downloads draw a bar; the catalog's per-layer merge steps have no byte counts.
      const progress = {
        sink: (e: SigilEvent) => {
          if (e.kind !== 'progress' || e.task === LAYER_PROGRESS_TASK) rendered.sink(e);
        },
        finish: () => rendered.finish(),
      };
      const filters = await filterOptions(ctx, values, clock);
      const db = AdvisoryDb.open(dbPathOf(ctx, values));
      let result: ScanResult;
      try {
        checkFreshness(ctx, db, values, clock);
        result = await scanTarget(ctx, values, positionals, db, filters, progress.sink);
      } finally {
        db.close();
        progress.finish();
      }
      const text = format.render(result, {
        toolVersion: deps.version ?? '0.1.0',
        now: clock.now(),
      });
      const out = str(values['output']);
      if (out === undefined) ctx.stdout.write(text);
      else await writeFile(resolve(ctx.cwd, out), text);
      return gate !== undefined && gateFails(result.findings, gate) ? 1 : 0;
    },
  };
}

export const scan: Command = makeScanCommand();

async function scanTarget(
  ctx: CommandContext,
  values: OptionValues,
  positionals: readonly string[],
  db: AdvisoryDb,
  filters: FilterOptions,
  sink: EventSink,
): Promise<ScanResult> {
  const sbom = str(values['sbom']);
  if ((sbom === undefined) === (positionals.length === 0) || positionals.length > 1) {
    throw new SigilError('USAGE', 'give exactly one IMAGE or --sbom FILE');
  }
  if (sbom !== undefined) {
    const inv = readSbom(await readInput(ctx, sbom), sbom);
    const name = inv.name ?? sbom;
    return scanPackages(db, inv.packages, inv.os, {
      ...filters,
      imageIds: [name, inv.digest ?? ''],
      events: sink,
      target: {
        name,
        kind: 'sbom',
        digest: inv.digest,
        os: inv.os && { id: inv.os.id, versionId: inv.os.versionId },
      },
    });
  }
  const image = positionals[0]!;
  const platform = platformOption(values);
  const src = await openImageSource(image, registryOptions(ctx, values, sink));
  try {
    return await scanImage(src, {
      db,
      ...filters,
      imageIds: [image],
      events: sink,
      ...(platform ? { platform } : {}),
    });
  } finally {
    await src.close();
  }
}

async function filterOptions(
  ctx: CommandContext,
  values: OptionValues,
  clock: Clock,
): Promise<FilterOptions> {
  const severity = str(values['severity']);
  const ignoreFile = str(values['ignore-file']);
  const vexFiles = Array.isArray(values['vex']) ? values['vex'].map(String) : [];
  const vex = [];
  for (const f of vexFiles) vex.push(...parseOpenVex(await readInput(ctx, f), f));
  return {
    ...(severity !== undefined ? { severities: parseSeverityList(severity) } : {}),
    ignoreUnfixed: values['ignore-unfixed'] === true,
    ...(ignoreFile !== undefined
      ? { ignore: parseIgnoreFile(await readInput(ctx, ignoreFile), ignoreFile) }
      : {}),
    vex,
    showSuppressed: values['show-suppressed'] === true,
    now: clock.now(),
  };
}

function checkFreshness(
  ctx: CommandContext,
  db: AdvisoryDb,
  values: OptionValues,
  clock: Clock,
): void {
  const status = dbStatus(db, clock);
  const maxAge = str(values['max-db-age']);
  if (maxAge !== undefined) {
    const days = Number(maxAge);
    if (maxAge.trim() === '' || !Number.isFinite(days) || days < 0) {
      throw new SigilError(
        'USAGE',
        `--max-db-age takes a number of days, got ${JSON.stringify(maxAge)}`,
      );
    }
    assertFresh(status, days);
  } else if (isOlderThan(status, STALE_WARNING_DAYS)) {
    const age = status.ageDays === undefined ? 'empty' : `${status.ageDays.toFixed(1)} days old`;
    ctx.stderr.write(
      `sigil: warning: DB_STALE: advisory database is ${age}; run 'sigil db update'\n`,
    );
  }
}

async function readInput(ctx: CommandContext, file: string): Promise<string> {
  let buf: Buffer;
  try {
    buf = await readFile(resolve(ctx.cwd, file));
  } catch (cause) {
    throw new SigilError('FILE_UNREADABLE', `cannot read ${file}`, { cause });
  }
  if (buf.length > MAX_INPUT_BYTES)
    throw new SigilError('FILE_TOO_LARGE', `${file} is larger than 64 MiB`);
  return buf.toString('utf8');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
