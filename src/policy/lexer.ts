/** Rego tokenizer: identifiers, numbers, strings (quoted and raw), operators, newlines. */
import { RegoError } from './errors.ts';

export type TokKind = 'ident' | 'number' | 'string' | 'template' | 'op' | 'nl' | 'eof';

/** A piece of a template string: literal text, or the source of a `{…}` expression. */
export type TemplatePart =
  string | { readonly src: string; readonly row: number; readonly col: number };

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export interface Token {
  readonly kind: TokKind;
  readonly text: string;
  /** Decoded string value for `string` tokens. */
  readonly value: string;
  readonly row: number;
  readonly col: number;
  /** Whitespace (not newline) precedes this token. */
  readonly spaceBefore: boolean;
}

const OPS = [
  ':=',
  '==',
  '!=',
  '<=',
  '>=',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '.',
  ',',
  ';',
  ':',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
];

/** Upper bound on policy source size: hostile policies meet one ceiling. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

// Index of the `}` closing the `{` at `open`, skipping strings; -1 when unclosed.
function matchBrace(src: string, open: number): number {
  let depth = 0;
  for (let k = open; k < src.length; k++) {
    const c = src[k]!;
    if (c === '"' || c === '`') {
      const q = c;
      k++;
      while (k < src.length && src[k] !== q) k += src[k] === '\\' && q === '"' ? 2 : 1;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return k;
  }
  return -1;
}

export function tokenize(src: string, file: string): Token[] {
  if (src.length > MAX_SOURCE_BYTES)
    throw new RegoError('rego_parse_error', 'module too large', { file, row: 1, col: 1 });
  const toks: Token[] = [];
  let i = 0;
  let row = 1;
  let lineStart = 0;
  let space = false;
  const err = (msg: string): never => {
    throw new RegoError('rego_parse_error', msg, { file, row, col: i - lineStart + 1 });
  };
  const push = (
    kind: TokKind,
    text: string,
    value: string,
    start: number,
    srow: number,
    sline: number,
  ) => {
    toks.push({ kind, text, value, row: srow, col: start - sline + 1, spaceBefore: space });
    space = false;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      push('nl', '\n', '', i, row, lineStart);
      i++;
      row++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      space = true;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      push('ident', src.slice(start, i), '', start, row, lineStart);
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i, i + 400));
      if (!m) err('illegal number format');
      i += m![0].length;
      if (i < src.length && /[A-Za-z0-9_.]/.test(src[i]!)) err('illegal number format');
      push('number', m![0], m![0], start, row, lineStart);
      continue;
    }
    if (c === '"') {
      i++;
      let out = '';
      while (true) {
        if (i >= src.length || src[i] === '\n') err('non-terminated string');
        const d = src[i]!;
        if (d === '"') break;
        if (d === '\\') {
          const e = src[i + 1];
          const simple: Record<string, string> = {
            '"': '"',
            '\\': '\\',
            '/': '/',
            b: '\b',
            f: '\f',
            n: '\n',
            r: '\r',
            t: '\t',
          };
          if (e !== undefined && e in simple) {
            out += simple[e];
            i += 2;
          } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
            out += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
            i += 6;
          } else err('illegal escape sequence');
          continue;
        }
        out += d;
        i++;
      }
      i++;
      push('string', src.slice(start, i), out, start, row, lineStart);
      continue;
    }
    if (c === '$' && (src[i + 1] === '"' || src[i + 1] === '`')) {
      const srow = row;
      const sline = lineStart;
      const raw = src[i + 1] === '`';
      const parts: TemplatePart[] = [];
      let lit = '';
      let j = i + 2;
      while (true) {
        const d = src[j];
        if (d === undefined || (!raw && d === '\n')) err('non-terminated template string');
        if (d === (raw ? '`' : '"')) break;
        if (d === '\\' && src[j + 1] === '{') {
          lit += '{';
          j += 2;
        } else if (!raw && d === '\\') {
          const e = src[j + 1] ?? '';
          if (e in ESCAPES) lit += ESCAPES[e];
          else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(j + 2, j + 6))) {
            lit += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16));
            j += 4;
          } else err('illegal escape sequence');
          j += 2;
        } else if (d === '{') {
          const end = matchBrace(src, j);
          if (end < 0) err('non-terminated template expression');
          if (lit !== '') parts.push(lit);
          lit = '';
          parts.push({ src: src.slice(j + 1, end), row, col: j - lineStart + 2 });
          j = end + 1;
        } else {
          if (d === '\n') {
            row++;
            lineStart = j + 1;
          }
          lit += d;
          j++;
        }
      }
      if (lit !== '') parts.push(lit);
      const text = src.slice(i, j + 1);
      push('template', text, JSON.stringify(parts), i, srow, sline);
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) err('non-terminated raw string');
      const text = src.slice(i + 1, end);
      const srow = row;
      const sline = lineStart;
      for (let k = i; k < end; k++) {
        if (src[k] === '\n') {
          row++;
          lineStart = k + 1;
        }
      }
      i = end + 1;
      push('string', src.slice(start, i), text, start, srow, sline);
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) err(`illegal token '${c}'`);
    i += op!.length;
    push('op', op!, '', start, row, lineStart);
  }
  push('eof', '', '', i, row, lineStart);
  return toks;
}
