import { parse as parseYaml } from 'yaml';
import { ScanError } from './errors.ts';

/** One ignore rule: an advisory id, a purl, or both (then both must match). */
export interface IgnoreEntry {
  readonly id?: string;
  readonly purl?: string;
  /** The entry stops applying at this instant (the start of the day after a date-only value). */
  readonly expires?: Date;
  readonly reason?: string;
}

const MAX_BYTES = 1024 * 1024;
const MAX_ENTRIES = 10_000;

/**
 * Reads an ignore file. YAML: a list, or `{ ignore: [...] }`, of strings or mappings
 * `{ id | vulnerability | purl, expires?, reason? }`. Text: one id or purl per line, then
 * optional `expires=YYYY-MM-DD`, and `# reason` to the end of the line.
 *
 * @example parseIgnoreFile('CVE-2023-1234 expires=2027-01-01 # not reachable')
 */
export function parseIgnoreFile(text: string, name = 'ignore file'): IgnoreEntry[] {
  if (text.length > MAX_BYTES) throw invalid(name, 'larger than 1 MiB');
  // YAML when the first line that is not blank or a comment is a list item or a mapping key.
  const first = text.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
  const yamlish = /^\s*-(\s|$)/.test(first) || /^[a-zA-Z_]+\s*:(\s|$)/.test(first);
  const entries = yamlish ? fromYaml(text, name) : fromText(text, name);
  if (entries.length > MAX_ENTRIES) throw invalid(name, `more than ${MAX_ENTRIES} entries`);
  return entries;
}

function fromYaml(text: string, name: string): IgnoreEntry[] {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (cause) {
    throw new ScanError('IGNORE_FILE_INVALID', `${name}: not valid YAML`, { cause });
  }
  const list = Array.isArray(doc) ? doc : isRecord(doc) ? doc['ignore'] : undefined;
  if (!Array.isArray(list)) throw invalid(name, 'expected a list of entries (or `ignore:` list)');
  return list.map((item, i) => yamlEntry(item, `${name}: entry ${i + 1}`));
}

function yamlEntry(item: unknown, where: string): IgnoreEntry {
  if (typeof item === 'string') return target(item, where);
  if (!isRecord(item)) throw invalid(where, 'expected a string or a mapping');
  const id = item['id'] ?? item['vulnerability'];
  const purl = item['purl'];
  if (id !== undefined && typeof id !== 'string') throw invalid(where, '`id` must be a string');
  if (purl !== undefined && typeof purl !== 'string')
    throw invalid(where, '`purl` must be a string');
  if (id === undefined && purl === undefined) throw invalid(where, 'needs `id` or `purl`');
  const reason = item['reason'];
  if (reason !== undefined && typeof reason !== 'string')
    throw invalid(where, '`reason` must be a string');
  const expires = item['expires'];
  return {
    ...(id !== undefined ? { id } : {}),
    ...(purl !== undefined ? { purl } : {}),
    ...(expires !== undefined ? { expires: parseExpiry(expires, where) } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

function fromText(text: string, name: string): IgnoreEntry[] {
  const out: IgnoreEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const body = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    const reason = hash < 0 ? undefined : raw.slice(hash + 1).trim() || undefined;
    if (body === '') return;
    const [first, ...rest] = body.split(/\s+/);
    const where = `${name}: line ${i + 1}`;
    let entry: IgnoreEntry = target(first ?? '', where);
    for (const word of rest) {
      const m = /^expires=(.+)$/.exec(word);
      if (m === null) throw invalid(where, `unexpected ${JSON.stringify(word)}`);
      entry = { ...entry, expires: parseExpiry(m[1], where) };
    }
    out.push(reason === undefined ? entry : { ...entry, reason });
  });
  return out;
}

function target(s: string, where: string): IgnoreEntry {
  if (s === '' || s.length > 1000) throw invalid(where, 'empty or overlong id');
  return s.startsWith('pkg:') ? { purl: s } : { id: s };
}

// A date-only value means "through that day (UTC)": the entry expires at the next midnight.
function parseExpiry(v: unknown, where: string): Date {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v;
  if (typeof v !== 'string') throw invalid(where, '`expires` must be a date (YYYY-MM-DD)');
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00Z`);
    if (!Number.isNaN(d.getTime())) return new Date(d.getTime() + 86_400_000);
  } else {
    const d = new Date(v);
    if (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(d.getTime())) return d;
  }
  throw invalid(where, `bad expiry date ${JSON.stringify(v)}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(where: string, msg: string): ScanError {
  return new ScanError('IGNORE_FILE_INVALID', `${where}: ${msg}`);
}
