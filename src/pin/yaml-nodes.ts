import {
  parseAllDocuments,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { PinError } from './errors.ts';
import { PIN_LIMITS } from './limits.ts';
import { LineIndex } from './positions.ts';
import { splitReference, formatReference, type SplitReference } from './reference.ts';
import type { LocatedImage, ReferenceState, TextEdit } from './types.ts';

export type YamlDoc = Document.Parsed;

/** Parse every document, refusing oversized or malformed input with a coded error. */
export function parseYamlDocuments(text: string): YamlDoc[] {
  if (text.length > PIN_LIMITS.textBytes) {
    throw new PinError('PIN_INPUT_TOO_LARGE', `input exceeds ${PIN_LIMITS.textBytes} bytes`);
  }
  // Cheap pre-count of document markers, so a stream of empty documents is refused before
  // the parser builds them all.
  let markers = 0;
  for (const _ of text.matchAll(/^---/gm)) {
    if (++markers > PIN_LIMITS.documents) {
      throw new PinError('PIN_INPUT_TOO_LARGE', `more than ${PIN_LIMITS.documents} YAML documents`);
    }
  }
  // `uniqueKeys: false`: duplicate keys are the user's business; we only edit values in place.
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  if (docs.length > PIN_LIMITS.documents) {
    throw new PinError('PIN_INPUT_TOO_LARGE', `more than ${PIN_LIMITS.documents} YAML documents`);
  }
  const lines = new LineIndex(text);
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const { line, column } = lines.at(err.pos[0]);
      throw new PinError(
        'PIN_YAML_INVALID',
        `line ${line}, column ${column}: ${err.message.split('\n')[0]}`,
        {
          cause: err,
        },
      );
    }
  }
  return docs;
}

/** The node an alias points to, or the node itself. */
export function deref(doc: YamlDoc, node: unknown): Node | undefined {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    return target && !isAlias(target) ? target : undefined;
  }
  return (node ?? undefined) as Node | undefined;
}

/** Value under `key` in a mapping, aliases followed. */
export function mapGet(doc: YamlDoc, map: unknown, key: string): Node | undefined {
  const m = deref(doc, map);
  if (!isMap(m)) return undefined;
  for (const pair of m.items) {
    const k = deref(doc, pair.key);
    if (isScalar(k) && k.value === key) return deref(doc, pair.value);
  }
  return undefined;
}

export function mapPath(doc: YamlDoc, node: unknown, path: readonly string[]): Node | undefined {
  let cur = deref(doc, node);
  for (const key of path) {
    cur = mapGet(doc, cur, key);
    if (cur === undefined) return undefined;
  }
  return cur;
}

export function asMap(doc: YamlDoc, node: unknown): YAMLMap | undefined {
  const n = deref(doc, node);
  return isMap(n) ? n : undefined;
}

export function asSeq(doc: YamlDoc, node: unknown): YAMLSeq | undefined {
  const n = deref(doc, node);
  return isSeq(n) ? n : undefined;
}

export function scalarString(doc: YamlDoc, node: unknown): string | undefined {
  const n = deref(doc, node);
  return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
}

/** Render `value` as a scalar in the same style the source used, so only the value changes. */
export function renderScalar(node: Scalar, value: string): string | undefined {
  switch (node.type) {
    case 'PLAIN':
    case undefined:
      return value;
    case 'QUOTE_DOUBLE':
      return JSON.stringify(value);
    case 'QUOTE_SINGLE':
      return `'${value.replaceAll("'", "''")}'`;
    default:
      return undefined;
  }
}

/**
 * A located image for a YAML scalar holding a whole reference (`image: nginx:1.25`). The
 * edit replaces the scalar's source text, quotes and all, leaving every other byte alone.
 */
export function scalarImage(
  doc: YamlDoc,
  valueNode: unknown,
  lines: LineIndex,
  skip?: (value: string) => string | undefined,
): LocatedImage | undefined {
  const node = deref(doc, valueNode);
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const value = node.value.trim();
  if (value === '') return undefined;
  const start = node.range[0];
  const end = node.range[1];
  const { line, column } = lines.at(start);
  const base = { reference: value, line, column, range: [start, end] as const };
  const skipNote =
    skip?.(value) ??
    (/[${}]/.test(value) ? 'contains a variable or template expression' : undefined) ??
    (renderScalar(node, '') === undefined ? 'block scalars are not rewritten' : undefined);
  if (skipNote !== undefined) return skipped(base, skipNote);
  const split = trySplit(value);
  if (typeof split === 'string') return skipped(base, split);
  return {
    ...base,
    state: stateOf(split),
    split,
    edit: (target): TextEdit[] => {
      const next = formatReference({
        name: split.name,
        tag: target.tag ?? split.tag ?? 'latest',
        digest: target.digest,
      });
      const text = renderScalar(node, next);
      return text === undefined ? [] : [{ start, end, text }];
    },
  };
}

/** The split reference, or why it is not one (a note, not an error: one bad value must not stop a file). */
export function trySplit(value: string): SplitReference | string {
  try {
    return splitReference(value);
  } catch (err) {
    if (err instanceof PinError) return err.message;
    throw err;
  }
}

export function stateOf(split: { tag?: string; digest?: string }): ReferenceState {
  if (split.digest === undefined) return 'unpinned';
  return split.tag === undefined ? 'digest-only' : 'pinned';
}

export function skipped(
  base: Pick<LocatedImage, 'reference' | 'line' | 'column' | 'range'>,
  note: string,
): LocatedImage {
  return { ...base, state: 'skipped', note, edit: () => [] };
}
