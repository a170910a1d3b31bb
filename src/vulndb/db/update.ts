import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { noEvents, systemClock, type Clock, type EventSink } from '../../core/index.ts';
import { VulnDbError } from '../errors.ts';
import { DB_LIMITS, DEFAULT_MIRROR } from './constants.ts';
import { downloadText, downloadToFile, type Fetch } from './download.ts';
import { importSources, importTexts, type ImportStats } from './import.ts';
import { META_UPDATED_AT } from './status.ts';
import { AdvisoryDb } from './store.ts';

export interface UpdateOptions {
  readonly dbPath: string;
  /** Base URL laid out as the OSV bucket: `<mirror>/<ecosystem>/all.zip`, `…/modified_id.csv`. */
  readonly mirror?: string;
  /** OSV ecosystem directories (`Debian`, `PyPI`, …); default: those updated before. */
  readonly ecosystems?: readonly string[];
  readonly fetch?: Fetch;
  readonly events?: EventSink;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
}

export interface EcosystemUpdate {
  readonly ecosystem: string;
  /** `incremental`: only records listed as changed in `modified_id.csv` were fetched. */
  readonly mode: 'full' | 'incremental';
  readonly stats: ImportStats;
}

export interface UpdateResult {
  readonly path: string;
  readonly ecosystems: readonly EcosystemUpdate[];
}

const ECOSYSTEM_META = 'ecosystem_modified:';
const ID = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,254}$/;

interface Context {
  readonly db: AdvisoryDb;
  readonly mirror: string;
  readonly fetch: Fetch;
  readonly events: EventSink;
  readonly timeoutMs: number;
  readonly scratch: string;
}

/**
 * Brings the database up to date from an OSV mirror. Each ecosystem is refreshed
 * incrementally when the database has seen it before and the mirror offers
 * `<ecosystem>/modified_id.csv` (lines `<modified>,<id>`, osv.dev "Data dumps"), else from
 * `<ecosystem>/all.zip`. All work happens on a copy beside the database, renamed over it only
 * when every ecosystem succeeded, so a failed update leaves the previous database intact.
 *
 * @example
 *   await updateDb({ dbPath: resolveDbPath({ env: process.env }), ecosystems: ['Debian', 'npm'] });
 */
export async function updateDb(options: UpdateOptions): Promise<UpdateResult> {
  const dbPath = path.resolve(options.dbPath);
  mkdirSync(path.dirname(dbPath), { recursive: true });
  const temp = `${dbPath}.update-${randomUUID()}`;
  const db = openCopy(dbPath, temp);
  try {
    const ecosystems = chooseEcosystems(db, options.ecosystems);
    const ctx: Context = {
      db,
      mirror: (options.mirror ?? DEFAULT_MIRROR).replace(/\/+$/, ''),
      fetch: options.fetch ?? globalThis.fetch,
      events: options.events ?? noEvents,
      timeoutMs: options.timeoutMs ?? DB_LIMITS.requestTimeoutMs,
      scratch: `${temp}.zip`,
    };
    const results: EcosystemUpdate[] = [];
    for (const ecosystem of ecosystems) results.push(await updateEcosystem(ctx, ecosystem));
    db.setMeta(META_UPDATED_AT, (options.clock ?? systemClock).now().toISOString());
    db.close();
    renameSync(temp, dbPath);
    return { path: dbPath, ecosystems: results };
  } catch (err) {
    db.close();
    rmSync(temp, { force: true });
    if (err instanceof VulnDbError && err.code === 'DB_UPDATE_FAILED') throw err;
    throw new VulnDbError(
      'DB_UPDATE_FAILED',
      `update failed, database left unchanged: ${String((err as Error).message)}`,
      {
        cause: err,
      },
    );
  } finally {
    rmSync(`${temp}.zip`, { force: true });
  }
}

// The working copy: the current database if it is a readable Sigil database, else a new one.
function openCopy(dbPath: string, temp: string): AdvisoryDb {
  if (existsSync(dbPath)) {
    copyFileSync(dbPath, temp);
    try {
      return AdvisoryDb.open(temp, { scratch: true });
    } catch {
      rmSync(temp, { force: true });
    }
  }
  return AdvisoryDb.open(temp, { create: true, scratch: true });
}

function chooseEcosystems(db: AdvisoryDb, requested: readonly string[] | undefined): string[] {
  const list =
    requested !== undefined && requested.length > 0 ? [...requested] : db.metaKeys(ECOSYSTEM_META);
  if (list.length === 0) {
    throw new VulnDbError(
      'DB_UPDATE_FAILED',
      'no ecosystem to update: name at least one (e.g. Debian, npm, PyPI)',
    );
  }
  for (const e of list) {
    if (e === '' || e.length > 100 || !/^[A-Za-z0-9][A-Za-z0-9 ._:+-]*$/.test(e)) {
      throw new VulnDbError('DB_UPDATE_FAILED', `not an ecosystem name: ${JSON.stringify(e)}`);
    }
  }
  return [...new Set(list)];
}

async function updateEcosystem(ctx: Context, ecosystem: string): Promise<EcosystemUpdate> {
  const seen = ctx.db.getMeta(ECOSYSTEM_META + ecosystem);
  const changed = seen === undefined ? undefined : await changedIds(ctx, ecosystem, seen);
  let update: EcosystemUpdate;
  if (changed !== undefined) {
    const texts: { origin: string; text: string }[] = [];
    for (const id of changed) {
      const url = `${ctx.mirror}/${encodeURIComponent(ecosystem)}/${encodeURIComponent(id)}.json`;
      const text = await downloadText(ctx.fetch, url, {
        maxBytes: DB_LIMITS.recordBytes,
        timeoutMs: ctx.timeoutMs,
      });
      if (text !== undefined) texts.push({ origin: url, text });
    }
    update = {
      ecosystem,
      mode: 'incremental',
      stats: importTexts(ctx.db, texts, { events: ctx.events }),
    };
  } else {
    const url = `${ctx.mirror}/${encodeURIComponent(ecosystem)}/all.zip`;
    const found = await downloadToFile(ctx.fetch, url, ctx.scratch, {
      maxBytes: DB_LIMITS.downloadBytes,
      timeoutMs: ctx.timeoutMs,
    });
    if (!found) throw new VulnDbError('DB_UPDATE_FAILED', `the mirror has no ${url}`);
    update = {
      ecosystem,
      mode: 'full',
      stats: importSources(ctx.db, [ctx.scratch], { events: ctx.events }),
    };
    rmSync(ctx.scratch, { force: true });
  }
  const newest = [seen, update.stats.newestModified]
    .filter((s) => s !== undefined)
    .sort()
    .at(-1);
  if (newest !== undefined) ctx.db.setMeta(ECOSYSTEM_META + ecosystem, newest);
  ctx.events({
    kind: 'info',
    message: `${ecosystem}: ${update.mode} update, ${update.stats.read} records read`,
  });
  return update;
}

/**
 * Ids changed since `since` per `<ecosystem>/modified_id.csv`, or undefined when the mirror
 * has no such file or too many changed for one-by-one fetching to pay.
 */
async function changedIds(
  ctx: Context,
  ecosystem: string,
  since: string,
): Promise<string[] | undefined> {
  const url = `${ctx.mirror}/${encodeURIComponent(ecosystem)}/modified_id.csv`;
  const csv = await downloadText(ctx.fetch, url, {
    maxBytes: DB_LIMITS.indexBytes,
    timeoutMs: ctx.timeoutMs,
  });
  if (csv === undefined) return undefined;
  const sinceMs = Date.parse(since);
  const ids = new Set<string>();
  for (const line of csv.split('\n')) {
    const comma = line.indexOf(',');
    if (comma < 0) continue;
    const ms = Date.parse(line.slice(0, comma).trim());
    // The bucket-wide file writes `<ecosystem>/<id>`; the per-ecosystem one just `<id>`.
    const id =
      line
        .slice(comma + 1)
        .trim()
        .split('/')
        .at(-1) ?? '';
    if (Number.isNaN(ms) || !ID.test(id)) continue;
    if (ms > sinceMs) ids.add(id);
    if (ids.size > DB_LIMITS.incrementalRecords) return undefined;
  }
  return [...ids].sort();
}
