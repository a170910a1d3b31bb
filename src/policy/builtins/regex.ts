/** regex.* and glob.match. Patterns are compiled once and cached (bounded). */
import { builtinError, def, str, typeError } from './args.ts';
import type { Builtin } from './types.ts';
import type { Value } from '../value.ts';

const cache = new Map<string, RegExp>();
const MAX_CACHE = 1000;

function compile(name: string, pattern: string, flags = ''): RegExp {
  const key = flags + '\u0000' + pattern;
  let re = cache.get(key);
  if (re) return re;
  try {
    // RE2's (?i) style flags at the start are common in policies; JS spells them as flags.
    let p = pattern;
    let f = flags;
    const m = /^\(\?([imsU]+)\)/.exec(p);
    if (m) {
      p = p.slice(m[0].length);
      f += m[1]!.replace('U', '');
    }
    re = new RegExp(p, f + 'u');
  } catch {
    throw builtinError(name, `error parsing regexp: ${re2Reason(pattern)}`);
  }
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, re);
  return re;
}

// RE2's wording for the most common syntax errors, so messages match OPA's.
function re2Reason(pattern: string): string {
  const open = pattern.lastIndexOf('[');
  if (open >= 0 && pattern.indexOf(']', open) < 0)
    return `missing closing ]: \`${pattern.slice(open)}\``;
  const opens = (pattern.match(/(?<!\\)\(/g) ?? []).length;
  const closes = (pattern.match(/(?<!\\)\)/g) ?? []).length;
  if (opens > closes) return `missing closing ): \`${pattern}\``;
  if (closes > opens) return `unexpected ): \`${pattern}\``;
  return `invalid regular expression: \`${pattern}\``;
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * regex.template_match's pattern: text between the delimiters is a regular expression, the
 * rest is literal; the whole string must match.
 */
function templateToRegExp(name: string, template: string, open: string, close: string): RegExp {
  let out = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === open) {
      if (depth++ === 0) start = i + 1;
    } else if (c === close && depth > 0) {
      if (--depth === 0) out += `(?:${template.slice(start, i)})`;
    } else if (depth === 0) out += escapeRe(c);
  }
  if (depth !== 0)
    throw builtinError(name, `unbalanced braces in template ${JSON.stringify(template)}`);
  return compile(name, `^${out}$`);
}

/** gobwas/glob syntax (what OPA uses) as a JS RegExp. */
export function globToRegExp(pattern: string, delimiters: readonly string[]): RegExp {
  const notDelim = delimiters.length === 0 ? '[\\s\\S]' : `[^${delimiters.map(escapeRe).join('')}]`;
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) out += escapeRe(pattern[++i]!);
    else if (c === '*') {
      if (pattern[i + 1] === '*') {
        out += '[\\s\\S]*';
        i++;
      } else out += `${notDelim}*`;
    } else if (c === '?') out += notDelim;
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new Error('unclosed [');
      let body = pattern.slice(i + 1, end);
      const neg = body.startsWith('!');
      if (neg) body = body.slice(1);
      out += `[${neg ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      out += '(?:';
      depth++;
    } else if (c === '}' && depth > 0) {
      out += ')';
      depth--;
    } else if (c === ',' && depth > 0) out += '|';
    else out += escapeRe(c);
  }
  if (depth !== 0) throw new Error('unclosed {');
  return new RegExp(`^${out}$`, 'u');
}

const globCache = new Map<string, RegExp>();

export const regex: readonly Builtin[] = [
  def('regex.template_match', 4, (args) => {
    const n = 'regex.template_match';
    const [open, close] = [str(n, args, 2), str(n, args, 3)];
    if ([...open].length !== 1 || [...close].length !== 1)
      throw builtinError(n, 'delimiters must be single characters');
    return templateToRegExp(n, str(n, args, 0), open, close).test(str(n, args, 1));
  }),
  def('regex.match', 2, (args) =>
    compile('regex.match', str('regex.match', args, 0)).test(str('regex.match', args, 1)),
  ),
  def('re_match', 2, (args) =>
    compile('re_match', str('re_match', args, 0)).test(str('re_match', args, 1)),
  ),
  def('regex.is_valid', 1, ([p]) => {
    if (typeof p !== 'string') return false;
    try {
      compile('regex.is_valid', p);
      return true;
    } catch {
      return false;
    }
  }),
  def('regex.split', 2, (args) =>
    str('regex.split', args, 1).split(compile('regex.split', str('regex.split', args, 0), 'g')),
  ),
  def('regex.find_n', 3, (args) => {
    const re = compile('regex.find_n', str('regex.find_n', args, 0), 'g');
    const n = args[2];
    const all = [...str('regex.find_n', args, 1).matchAll(re)].map((m) => m[0]);
    return typeof n === 'bigint' && n >= 0n ? all.slice(0, Number(n)) : all;
  }),
  def('regex.find_all_string_submatch_n', 3, (args) => {
    const re = compile(
      'regex.find_all_string_submatch_n',
      str('regex.find_all_string_submatch_n', args, 0),
      'g',
    );
    const n = args[2];
    const all = [...str('regex.find_all_string_submatch_n', args, 1).matchAll(re)].map((m) =>
      [...m].map((g) => g ?? ''),
    );
    return typeof n === 'bigint' && n >= 0n ? all.slice(0, Number(n)) : all;
  }),
  def('regex.replace', 3, (args) =>
    str('regex.replace', args, 0).replace(
      compile('regex.replace', str('regex.replace', args, 1), 'g'),
      str('regex.replace', args, 2).replace(/\$\{?(\d+)\}?/g, '$$$1'),
    ),
  ),
  def('glob.match', 3, (args) => {
    const pattern = str('glob.match', args, 0);
    const d: Value = args[1]!;
    let delims: string[];
    if (d === null) delims = [];
    else if (Array.isArray(d)) {
      delims = d.map((x) => {
        if (typeof x !== 'string') throw typeError('glob.match', 2, 'array of strings', d);
        return x;
      });
      if (delims.length === 0) delims = ['.'];
    } else throw typeError('glob.match', 2, 'array', d);
    const key = delims.join('\u0000') + '\u0001' + pattern;
    let re = globCache.get(key);
    if (!re) {
      try {
        re = globToRegExp(pattern, delims);
      } catch (err) {
        throw builtinError('glob.match', String((err as Error).message));
      }
      if (globCache.size >= MAX_CACHE) globCache.clear();
      globCache.set(key, re);
    }
    return re.test(str('glob.match', args, 2));
  }),
  def('glob.quote_meta', 1, (args) =>
    str('glob.quote_meta', args, 0).replace(/[*?\\[\]{}]/g, '\\$&'),
  ),
];
