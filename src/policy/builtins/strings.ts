import { BuiltinError } from '../errors.ts';
import {
  RObject,
  RSet,
  isNumber,
  numToString,
  sortValues,
  toRegoString,
  typeName,
  type Value,
} from '../value.ts';
import { builtinError, collection, def, int, num, obj, str, typeError } from './args.ts';
import type { Builtin } from './types.ts';
import { renderTemplate } from './template.ts';

const runes = (s: string): string[] => [...s];

function cutset(s: string, set: string, left: boolean, right: boolean): string {
  const cs = new Set(runes(set));
  const r = runes(s);
  let a = 0;
  let b = r.length;
  if (left) while (a < b && cs.has(r[a]!)) a++;
  if (right) while (b > a && cs.has(r[b - 1]!)) b--;
  return r.slice(a, b).join('');
}

function stringsOf(name: string, args: readonly Value[], i: number): string[] {
  const v = args[i]!;
  if (typeof v === 'string') return [v];
  const vs = collection(name, args, i, 'one of {string, set, array}');
  return vs.map((x) => {
    if (typeof x !== 'string') {
      const msg = `${name}: operand ${i + 1} must be array of strings but got array containing ${typeName(x)}`;
      throw new BuiltinError('eval_type_error', msg);
    }
    return x;
  });
}

export const strings: readonly Builtin[] = [
  def('strings.render_template', 2, (args) =>
    renderTemplate(
      str('strings.render_template', args, 0),
      obj('strings.render_template', args, 1),
    ),
  ),
  def('concat', 2, (args) => {
    const sep = str('concat', args, 0);
    const vs = collection('concat', args, 1, 'one of {array, set}');
    return vs
      .map((v) => {
        if (typeof v !== 'string')
          throw typeError('concat', 2, 'one of {array, set} of strings', args[1]!);
        return v;
      })
      .join(sep);
  }),
  def('contains', 2, (args) => str('contains', args, 0).includes(str('contains', args, 1))),
  def('startswith', 2, (args) => str('startswith', args, 0).startsWith(str('startswith', args, 1))),
  def('endswith', 2, (args) => str('endswith', args, 0).endsWith(str('endswith', args, 1))),
  def('lower', 1, (args) => str('lower', args, 0).toLowerCase()),
  def('upper', 1, (args) => str('upper', args, 0).toUpperCase()),
  def('strings.reverse', 1, (args) =>
    runes(str('strings.reverse', args, 0))
      .reverse()
      .join(''),
  ),
  def('indexof', 2, (args) => {
    const s = str('indexof', args, 0);
    const sub = str('indexof', args, 1);
    const i = s.indexOf(sub);
    return i < 0 ? -1n : BigInt(runes(s.slice(0, i)).length);
  }),
  def('indexof_n', 2, (args) => {
    const s = str('indexof_n', args, 0);
    const sub = str('indexof_n', args, 1);
    const out: Value[] = [];
    if (sub === '') return out;
    for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1))
      out.push(BigInt(runes(s.slice(0, i)).length));
    return out;
  }),
  def('substring', 3, (args) => {
    const s = runes(str('substring', args, 0));
    const start = int('substring', args, 1);
    const len = int('substring', args, 2);
    if (start < 0n) throw builtinError('substring', 'negative offset');
    if (start >= BigInt(s.length)) return '';
    const end = len < 0n ? s.length : Math.min(s.length, Number(start + len));
    return s.slice(Number(start), end).join('');
  }),
  def('split', 2, (args) => {
    const s = str('split', args, 0);
    const sep = str('split', args, 1);
    return sep === '' ? runes(s) : s.split(sep);
  }),
  def('strings.split_n', 3, (args) => {
    const s = str('strings.split_n', args, 0);
    const sep = str('strings.split_n', args, 1);
    const n = Number(int('strings.split_n', args, 2));
    const parts = sep === '' ? runes(s) : s.split(sep);
    // n > 0 keeps the first n parts, n < 0 the last -n (OPA's semantics, not Go's SplitN)
    if (n === 0) return [];
    return n > 0 ? parts.slice(0, n) : parts.slice(Math.max(0, parts.length + n));
  }),
  def('replace', 3, (args) => {
    const s = str('replace', args, 0);
    const old = str('replace', args, 1);
    const nw = str('replace', args, 2);
    if (old === '') return ['', ...runes(s)].join(nw) + (s === '' ? '' : nw);
    return s.split(old).join(nw);
  }),
  def('strings.replace_n', 2, (args) => {
    const pats = args[0]!;
    if (!(pats instanceof RObject)) throw typeError('strings.replace_n', 1, 'object', pats);
    const s = str('strings.replace_n', args, 1);
    const pairs: [string, string][] = [];
    for (const k of sortValues(pats.keys())) {
      const v = pats.get(k)!;
      if (typeof k !== 'string')
        throw new BuiltinError(
          'eval_type_error',
          'strings.replace_n: operand 1 non-string key found in pattern object',
        );
      if (typeof v !== 'string')
        throw new BuiltinError(
          'eval_type_error',
          'strings.replace_n: operand 1 non-string value found in pattern object',
        );
      pairs.push([k, v]);
    }
    let out = '';
    for (let i = 0; i < s.length;) {
      const hit = pairs.find(([k]) => k !== '' && s.startsWith(k, i));
      if (hit) {
        out += hit[1];
        i += hit[0].length;
      } else out += s[i++];
    }
    return out;
  }),
  def('trim', 2, (args) => cutset(str('trim', args, 0), str('trim', args, 1), true, true)),
  def('trim_left', 2, (args) =>
    cutset(str('trim_left', args, 0), str('trim_left', args, 1), true, false),
  ),
  def('trim_right', 2, (args) =>
    cutset(str('trim_right', args, 0), str('trim_right', args, 1), false, true),
  ),
  def('trim_prefix', 2, (args) => {
    const s = str('trim_prefix', args, 0);
    const p = str('trim_prefix', args, 1);
    return s.startsWith(p) ? s.slice(p.length) : s;
  }),
  def('trim_suffix', 2, (args) => {
    const s = str('trim_suffix', args, 0);
    const p = str('trim_suffix', args, 1);
    return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  }),
  def('trim_space', 1, (args) =>
    str('trim_space', args, 0).replace(/^[\s\u0085]+|[\s\u0085]+$/gu, ''),
  ),
  def('strings.any_prefix_match', 2, (args) => {
    const ss = stringsOf('strings.any_prefix_match', args, 0);
    const ps = stringsOf('strings.any_prefix_match', args, 1);
    return ss.some((s) => ps.some((p) => s.startsWith(p)));
  }),
  def('strings.any_suffix_match', 2, (args) => {
    const ss = stringsOf('strings.any_suffix_match', args, 0);
    const ps = stringsOf('strings.any_suffix_match', args, 1);
    return ss.some((s) => ps.some((p) => s.endsWith(p)));
  }),
  def('strings.count', 2, (args) => {
    const s = str('strings.count', args, 0);
    const sub = str('strings.count', args, 1);
    if (sub === '') return BigInt(runes(s).length + 1);
    return BigInt(s.split(sub).length - 1);
  }),
  def('format_int', 2, (args) => {
    const n = num('format_int', args, 0);
    const base = num('format_int', args, 1);
    if (![2n, 8n, 10n, 16n].includes(BigInt(Math.trunc(Number(base)))))
      throw new BuiltinError(
        'eval_type_error',
        'format_int: operand 2 must be one of {2, 8, 10, 16}',
      );
    const i = typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
    return i.toString(Number(base));
  }),
  def('sprintf', 2, (args) => {
    const f = str('sprintf', args, 0);
    const list = args[1]!;
    if (!Array.isArray(list)) throw typeError('sprintf', 2, 'array', list);
    return sprintf(f, list);
  }),
];

function plain(v: Value): string {
  if (typeof v === 'string') return v;
  if (isNumber(v)) return numToString(v);
  if (v instanceof RSet || v instanceof RObject || Array.isArray(v)) return toRegoString(v);
  return toRegoString(v);
}

/** Go's fmt verbs as far as Rego policies use them. */
export function sprintf(f: string, list: readonly Value[]): string {
  let ai = 0;
  return f.replace(
    /%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g,
    (m, flags: string, width: string | undefined, prec: string | undefined, verb: string) => {
      if (verb === '%') return '%';
      if (ai >= list.length) return `%!${verb}(MISSING)`;
      const v = list[ai++]!;
      let s: string;
      switch (verb) {
        case 'v':
        case 's':
          s = plain(v);
          break;
        case 'd':
          s =
            isNumber(v) && typeof v === 'bigint'
              ? v.toString()
              : isNumber(v)
                ? numToString(v)
                : `%!d(${plain(v)})`;
          break;
        case 'f':
        case 'F':
          s = isNumber(v)
            ? Number(v).toFixed(prec === undefined ? 6 : Number(prec))
            : `%!f(${plain(v)})`;
          break;
        case 'e':
          s = isNumber(v)
            ? Number(v)
                .toExponential(prec === undefined ? 6 : Number(prec))
                .replace(/e([+-])(\d)$/, 'e$10$2')
            : plain(v);
          break;
        case 'g':
          s = isNumber(v) ? String(Number(v)) : plain(v);
          break;
        case 'x':
        case 'X': {
          s = isNumber(v)
            ? BigInt(Math.trunc(Number(v))).toString(16)
            : Buffer.from(plain(v)).toString('hex');
          if (typeof v === 'bigint') s = v.toString(16);
          if (verb === 'X') s = s.toUpperCase();
          break;
        }
        case 'o':
          s = typeof v === 'bigint' ? v.toString(8) : plain(v);
          break;
        case 'b':
          s = typeof v === 'bigint' ? v.toString(2) : plain(v);
          break;
        case 'q':
          s = JSON.stringify(plain(v));
          break;
        case 't':
          s = typeof v === 'boolean' ? String(v) : `%!t(${plain(v)})`;
          break;
        default:
          return m;
      }
      const w = width === undefined ? 0 : Number(width);
      if (s.length < w)
        s = flags.includes('-') ? s.padEnd(w) : s.padStart(w, flags.includes('0') ? '0' : ' ');
      return s;
    },
  );
}
