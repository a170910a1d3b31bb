import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { LineIndex } from './positions.ts';
import type { LocatedImage, TextEdit } from './types.ts';
import {
  asSeq,
  deref,
  mapGet,
  parseYamlDocuments,
  renderScalar,
  skipped,
  stateOf,
  trySplit,
  type YamlDoc,
} from './yaml-nodes.ts';

/**
 * Entries of a kustomization's `images:` list. As kustomize's image transformer does, the
 * effective image is `newName` (else `name`) with `newTag`, and a `digest` field pins it:
 * with both `newTag` and `digest` set, kustomize writes `name:newTag@digest`. So pinning sets
 * `digest:` and keeps `newTag`; an entry without `newTag` takes its tag from the resources,
 * which this file does not show, and is skipped with a note.
 */
export function locateKustomization(text: string): LocatedImage[] {
  const lines = new LineIndex(text);
  const found: LocatedImage[] = [];
  for (const doc of parseYamlDocuments(text)) {
    for (const entry of asSeq(doc, mapGet(doc, doc.contents, 'images'))?.items ?? []) {
      const map = deref(doc, entry);
      if (isMap(map) && map.range)
        found.push(locateEntry(doc, map as YAMLMap<unknown, unknown>, text, lines));
    }
  }
  return found;
}

function locateEntry(
  doc: YamlDoc,
  map: YAMLMap<unknown, unknown>,
  text: string,
  lines: LineIndex,
): LocatedImage {
  const field = (key: string): string | undefined => scalarSource(mapGet(doc, map, key), text);
  const name = field('newName') ?? field('name');
  const tag = field('newTag');
  const digest = field('digest');
  const start = map.range?.[0] ?? 0;
  const { line, column } = lines.at(start);
  const reference = `${name ?? ''}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`;
  const base = { reference, line, column, range: [start, map.range?.[1] ?? start] as const };
  if (name === undefined) return skipped(base, 'images entry without name');
  if (/[${}]/.test(reference)) return skipped(base, 'contains a variable or template expression');
  const split = trySplit(reference);
  if (typeof split === 'string') return skipped(base, split);
  if (tag === undefined && digest === undefined) {
    return skipped(base, 'no newTag: the tag comes from the resources; set newTag to pin here');
  }
  return {
    ...base,
    state: stateOf(split),
    split,
    edit: (target) => [
      ...(target.tag !== undefined && target.tag !== tag
        ? setField(doc, map, 'newTag', target.tag, text)
        : []),
      ...setField(doc, map, 'digest', target.digest, text),
    ],
  };
}

// Source text of a plain scalar, so `newTag: 1.20` stays "1.20" (kustomize reads it as a string).
function scalarSource(node: Node | undefined, text: string): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  if (node.type === 'PLAIN' && node.range) return text.slice(node.range[0], node.range[1]);
  return String(node.value);
}

function setField(
  doc: YamlDoc,
  map: YAMLMap<unknown, unknown>,
  key: string,
  value: string,
  text: string,
): TextEdit[] {
  const pair = map.items.find((p) => {
    const k = deref(doc, p.key);
    return isScalar(k) && k.value === key;
  });
  const node = pair && deref(doc, pair.value);
  if (isScalar(node) && node.range) {
    if (node.value === null)
      return [{ start: node.range[0], end: node.range[1], text: ` ${value}` }];
    const rendered = renderScalar(node, value);
    return rendered === undefined
      ? []
      : [{ start: node.range[0], end: node.range[1], text: rendered }];
  }
  if (pair) return [];
  return insertField(map, key, value, text);
}

function insertField(
  map: YAMLMap<unknown, unknown>,
  key: string,
  value: string,
  text: string,
): TextEdit[] {
  const last = map.items.at(-1) as Pair<Node, Node | null> | undefined;
  const lastEnd = last?.value?.range?.[1] ?? last?.key?.range?.[1];
  if (lastEnd === undefined) return [];
  if (map.flow) return [{ start: lastEnd, end: lastEnd, text: `, ${key}: ${value}` }];
  const firstKeyStart = (map.items[0]?.key as Node | undefined)?.range?.[0] ?? lastEnd;
  const indent = firstKeyStart - (text.lastIndexOf('\n', firstKeyStart - 1) + 1);
  const eol = text.indexOf('\n', lastEnd);
  const at = eol < 0 ? text.length : eol;
  const cr = at > 0 && text[at - 1] === '\r' ? 1 : 0;
  return [
    {
      start: at - cr,
      end: at - cr,
      text: `${cr ? '\r' : ''}\n${' '.repeat(indent)}${key}: ${value}`,
    },
  ];
}
