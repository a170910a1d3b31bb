import { normalizeName } from '../osv/index.ts';
import { DB_LIMITS } from './constants.ts';

/** One (ecosystem, package name) an advisory names, with the name in its ecosystem's normal form. */
export interface IndexKey {
  readonly ecosystem: string;
  readonly name: string;
  /**
   * JSON of the record's `affected[]` entries for this package: matching evaluates these from
   * the index row and reads the whole record only for the advisories that apply.
   */
  readonly entries: string;
}

/** What the database keeps of a record besides its JSON. */
export interface ValidRecord {
  readonly id: string;
  /** `modified`, normalised to `Date#toISOString()` so it orders as text. */
  readonly modified: string;
  readonly withdrawn: string | undefined;
  readonly aliases: readonly string[];
  readonly upstream: readonly string[];
  readonly keys: readonly IndexKey[];
  readonly json: string;
  /**
   * JSON of what a finding shows besides `affected` (id, summary or first line of details,
   * aliases, upstream, severity, the source's rating, references, modified): a match reads this
   * instead of inflating and parsing the whole record.
   */
  readonly advisory: string;
}

export type Validation =
  | { readonly ok: true; readonly record: ValidRecord }
  | { readonly ok: false; readonly id: string | undefined; readonly reason: string };

const ID = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,254}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_STRING_LIST = 10_000;

class Invalid extends Error {}

/**
 * Checks the essentials of the OSV schema (1.x, `osv.schema.json`) that storage and matching
 * rely on: `id` and `modified` present and well-formed, list fields of the right types,
 * every `affected[].package` with a string `ecosystem` and `name`, `ranges[].events` as a list.
 * Range semantics are checked later, per entry, by `compileAffected`, so one unreadable range
 * never hides the rest of a record.
 */
export function validateRecord(text: string): Validation {
  if (text.length > DB_LIMITS.recordBytes) {
    return { ok: false, id: undefined, reason: `record exceeds ${DB_LIMITS.recordBytes} bytes` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof RangeError ? 'nested too deeply' : 'not JSON';
    return { ok: false, id: undefined, reason };
  }
  const rawId = isObject(value) && typeof value['id'] === 'string' ? value['id'] : undefined;
  const id = rawId === undefined ? undefined : rawId.slice(0, 256);
  try {
    return { ok: true, record: check(value, text) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, id, reason: err.message };
    // JSON nested deeper than the stack allows (re-serialising the entries recurses).
    if (err instanceof RangeError) return { ok: false, id, reason: 'nested too deeply' };
    throw err;
  }
}

function check(value: unknown, json: string): ValidRecord {
  if (!isObject(value)) throw new Invalid('record is not a JSON object');
  const id = value['id'];
  if (typeof id !== 'string' || !ID.test(id)) throw new Invalid('id missing or malformed');
  const modified = timestamp(value['modified'], 'modified', true);
  const withdrawn = timestamp(value['withdrawn'], 'withdrawn', false);
  timestamp(value['published'], 'published', false);
  for (const field of ['summary', 'details', 'schema_version'] as const) {
    const v = value[field];
    if (v !== undefined && v !== null && typeof v !== 'string')
      throw new Invalid(`${field} is not a string`);
  }
  const aliases = stringList(value['aliases'], 'aliases');
  const upstream = stringList(value['upstream'], 'upstream');
  stringList(value['related'], 'related');
  objectList(value['severity'], 'severity');
  objectList(value['references'], 'references');
  return {
    id,
    modified: modified!,
    withdrawn,
    aliases,
    upstream,
    keys: indexKeys(value['affected']),
    json,
    advisory: JSON.stringify(advisoryOf(value)),
  };
}

const MAX_REFERENCES = 64;
const MAX_SUMMARY = 400;

function advisoryOf(value: Record<string, unknown>): Record<string, unknown> {
  const summary = typeof value['summary'] === 'string' ? value['summary'].trim() : '';
  const details = typeof value['details'] === 'string' ? value['details'].trim() : '';
  const rating = isObject(value['database_specific'])
    ? value['database_specific']['severity']
    : undefined;
  return {
    id: value['id'],
    modified: value['modified'],
    summary: (summary || details.split('\n')[0]?.trim() || '').slice(0, MAX_SUMMARY) || undefined,
    aliases: value['aliases'] ?? [],
    upstream: value['upstream'] ?? [],
    severity: value['severity'] ?? undefined,
    database_specific: typeof rating === 'string' ? { severity: rating } : undefined,
    references: Array.isArray(value['references'])
      ? value['references'].slice(0, MAX_REFERENCES)
      : [],
  };
}

function indexKeys(affected: unknown): IndexKey[] {
  const entries = objectList(affected, 'affected');
  const keys = new Map<string, { ecosystem: string; name: string; entries: unknown[] }>();
  for (const entry of entries) {
    const pkg = entry['package'];
    if (pkg === undefined || pkg === null) continue;
    if (!isObject(pkg)) throw new Invalid('affected[].package is not an object');
    const { ecosystem, name } = pkg;
    if (typeof ecosystem !== 'string' || ecosystem === '' || ecosystem.length > 256) {
      throw new Invalid('affected[].package.ecosystem missing or malformed');
    }
    if (typeof name !== 'string' || name === '' || name.length > 1024) {
      throw new Invalid('affected[].package.name missing or malformed');
    }
    for (const range of objectList(entry['ranges'], 'affected[].ranges')) {
      if (!Array.isArray(range['events'])) {
        throw new Invalid('affected[].ranges[].events is not a list');
      }
    }
    stringList(entry['versions'], 'affected[].versions');
    const normal = normalizeName(ecosystem.split(':')[0] ?? '', name);
    const id = `${ecosystem}\u0000${normal}`;
    const key = keys.get(id) ?? { ecosystem, name: normal, entries: [] };
    key.entries.push(entry);
    keys.set(id, key);
  }
  return [...keys.values()].map((k) => ({
    ecosystem: k.ecosystem,
    name: k.name,
    entries: JSON.stringify(k.entries),
  }));
}

function timestamp(v: unknown, field: string, required: boolean): string | undefined {
  if (v === undefined || v === null) {
    if (required) throw new Invalid(`${field} missing`);
    return undefined;
  }
  if (typeof v !== 'string' || !TIMESTAMP.test(v))
    throw new Invalid(`${field} is not an RFC 3339 time`);
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new Invalid(`${field} is not a valid time`);
  return new Date(ms).toISOString();
}

function stringList(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > MAX_STRING_LIST || !v.every((s) => typeof s === 'string')) {
    throw new Invalid(`${field} is not a list of strings`);
  }
  return v as string[];
}

function objectList(v: unknown, field: string): Record<string, unknown>[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > MAX_STRING_LIST || !v.every(isObject)) {
    throw new Invalid(`${field} is not a list of objects`);
  }
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
