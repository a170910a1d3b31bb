/** One challenge of a `WWW-Authenticate` header (RFC 9110 §11.6.1). */
export interface Challenge {
  /** Lowercased: `basic`, `bearer`, … */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

const MAX_HEADER = 8192;

/**
 * Parse `Bearer realm="https://auth/token",service="reg",scope="repository:a:pull", Basic
 * realm="x"` into challenges. Quoted strings may hold commas and escaped quotes.
 */
export function parseChallenges(header: string | null): Challenge[] {
  if (header === null) return [];
  const s = header.slice(0, MAX_HEADER);
  const out: { scheme: string; params: Record<string, string> }[] = [];
  const token = /\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)/y;
  let i = 0;
  while (i < s.length) {
    token.lastIndex = i;
    const m = token.exec(s);
    if (m === null) break;
    const name = m[1]!;
    i = token.lastIndex;
    const eq = /\s*=\s*/y;
    eq.lastIndex = i;
    const current = out.at(-1);
    if (eq.exec(s) !== null && current !== undefined) {
      i = eq.lastIndex;
      const { value, end } = readValue(s, i);
      current.params[name.toLowerCase()] = value;
      i = end;
    } else {
      out.push({ scheme: name.toLowerCase(), params: {} });
    }
    const sep = /[\s,]*/y;
    sep.lastIndex = i;
    sep.exec(s);
    i = Math.max(sep.lastIndex, i);
  }
  return out;
}

function readValue(s: string, start: number): { value: string; end: number } {
  if (s[start] !== '"') {
    const m = /[^\s,]*/y;
    m.lastIndex = start;
    m.exec(s);
    return { value: s.slice(start, m.lastIndex), end: m.lastIndex };
  }
  let value = '';
  let i = start + 1;
  for (; i < s.length && s[i] !== '"'; i++) {
    if (s[i] === '\\' && i + 1 < s.length) i++;
    value += s[i];
  }
  return { value, end: i + 1 };
}
