import { ScanError } from './errors.ts';

/** One OpenVEX statement that suppresses findings (`not_affected` or `fixed`). */
export interface VexStatement {
  readonly vulnerability: string;
  readonly aliases: readonly string[];
  /** Product identifiers: purls, or the image's reference/digest. */
  readonly products: readonly string[];
  /** Package purls inside the product (an image) the statement is about; empty = the product. */
  readonly subcomponents: readonly string[];
  readonly status: 'not_affected' | 'fixed';
  /** The document's `@id`. */
  readonly document: string;
}

const MAX_BYTES = 16 * 1024 * 1024;
const MAX_STATEMENTS = 100_000;
const SUPPRESSING = new Set(['not_affected', 'fixed']);

/**
 * Reads an OpenVEX document (v0.2.0) and keeps the statements that suppress findings;
 * `affected` and `under_investigation` statements change nothing. Statements are applied in
 * document order, so a later statement is not used to re-enable a suppressed finding.
 *
 * @example parseOpenVex(readFileSync('image.vex.json', 'utf8'))
 */
export function parseOpenVex(text: string, name = 'VEX document'): VexStatement[] {
  if (text.length > MAX_BYTES) throw invalid(name, 'larger than 16 MiB');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new ScanError('VEX_INVALID', `${name}: not JSON`, { cause });
  }
  if (
    !isRecord(doc) ||
    typeof doc['@context'] !== 'string' ||
    !doc['@context'].includes('openvex')
  ) {
    throw invalid(name, 'not an OpenVEX document (no openvex @context)');
  }
  const statements = doc['statements'];
  if (!Array.isArray(statements)) throw invalid(name, '`statements` must be a list');
  if (statements.length > MAX_STATEMENTS) throw invalid(name, 'too many statements');
  const id = typeof doc['@id'] === 'string' ? doc['@id'] : name;
  const out: VexStatement[] = [];
  statements.forEach((s, i) => {
    const st = statement(s, `${name}: statement ${i + 1}`, id);
    if (st !== undefined) out.push(st);
  });
  return out;
}

function statement(s: unknown, where: string, document: string): VexStatement | undefined {
  if (!isRecord(s)) throw invalid(where, 'expected an object');
  const status = s['status'];
  if (typeof status !== 'string') throw invalid(where, '`status` is required');
  const vuln = s['vulnerability'];
  const vulnerability = typeof vuln === 'string' ? vuln : isRecord(vuln) ? vuln['name'] : undefined;
  if (typeof vulnerability !== 'string' || vulnerability === '') {
    throw invalid(where, '`vulnerability.name` is required');
  }
  if (!SUPPRESSING.has(status)) return undefined;
  const aliases = isRecord(vuln) && Array.isArray(vuln['aliases']) ? vuln['aliases'] : [];
  const products = Array.isArray(s['products']) ? s['products'] : [];
  return {
    vulnerability,
    aliases: aliases.filter((a): a is string => typeof a === 'string'),
    products: products.flatMap(componentIds),
    subcomponents: products.flatMap((p) =>
      isRecord(p) && Array.isArray(p['subcomponents'])
        ? p['subcomponents'].flatMap(componentIds)
        : [],
    ),
    status: status as VexStatement['status'],
    document,
  };
}

// A component is a string id, or `{ "@id", identifiers: { purl } }`.
function componentIds(c: unknown): string[] {
  if (typeof c === 'string') return [c];
  if (!isRecord(c)) return [];
  const ids: string[] = [];
  if (typeof c['@id'] === 'string') ids.push(c['@id']);
  const idents = c['identifiers'];
  if (isRecord(idents) && typeof idents['purl'] === 'string') ids.push(idents['purl']);
  return ids;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(where: string, msg: string): ScanError {
  return new ScanError('VEX_INVALID', `${where}: ${msg}`);
}
