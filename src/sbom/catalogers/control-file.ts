/**
 * RFC 822-style stanzas as dpkg (deb-control(5)) and Python core metadata write them:
 * `Field: value`, continuation lines start with a space or tab, stanzas end at a blank line.
 */
export type Stanza = Map<string, string>;

export const MAX_STANZAS = 200_000;

/** Parse all stanzas; field names are kept as written, the first occurrence wins. */
export function parseStanzas(text: string, options?: { readonly firstOnly?: boolean }): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza = new Map();
  let lastKey: string | undefined;
  const flush = () => {
    if (current.size > 0) stanzas.push(current);
    current = new Map();
    lastKey = undefined;
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
      if (options?.firstOnly && stanzas.length > 0) return stanzas;
      if (stanzas.length >= MAX_STANZAS) break;
      continue;
    }
    if (line[0] === ' ' || line[0] === '\t') {
      if (lastKey !== undefined) current.set(lastKey, `${current.get(lastKey)}\n${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    lastKey = key;
    if (!current.has(key)) current.set(key, line.slice(colon + 1).trim());
  }
  flush();
  return stanzas;
}
