import { BuiltinError } from '../errors.ts';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { RObject, RSet, fromJSON, sortEntries, stringifyJSON, toJSON } from '../value.ts';
import { builtinError, def, obj, str, typeError } from './args.ts';
import type { Builtin } from './types.ts';

function parseJSON(name: string, s: string) {
  try {
    return fromJSON(JSON.parse(s));
  } catch {
    throw builtinError(name, 'invalid JSON');
  }
}

function b64decode(name: string, s: string, url: boolean): string {
  const re = url ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
  if (!re.test(s) || (!url && s.length % 4 !== 0))
    throw new BuiltinError('eval_builtin_error', `${name}: illegal base64 data at input byte 0`);
  return Buffer.from(s, url ? 'base64url' : 'base64').toString('utf8');
}

// go-yaml's wording for unterminated flow collections, which OPA reports; else the parser's.
function yamlMessage(err: Error & { code?: string; linePos?: { line: number }[] }): string {
  const m = /^Flow (sequence|map) must end with a ([\]}])/.exec(err.message);
  const line = err.linePos?.[0]?.line;
  if (err.code === 'MISSING_CHAR' && m && line !== undefined)
    return `yaml: line ${line}: did not find expected ',' or '${m[2]}'`;
  return `yaml: ${err.message.split('\n')[0]}`;
}

export const encoding: readonly Builtin[] = [
  def('json.marshal', 1, ([v]) => stringifyJSON(toJSON(v!))),
  def('json.marshal_with_options', 2, (args) => {
    const opts = obj('json.marshal_with_options', args, 1);
    for (const k of opts.keys()) {
      if (k !== 'pretty' && k !== 'prefix' && k !== 'indent') {
        throw new BuiltinError(
          'eval_type_error',
          `json.marshal_with_options: object contained unknown key ${JSON.stringify(k)}`,
        );
      }
    }
    const pretty = opts.get('pretty');
    const prefix = opts.get('prefix');
    const indent = opts.get('indent');
    const json = toJSON(args[0]!);
    if (pretty === false || (pretty === undefined && prefix === undefined && indent === undefined))
      return stringifyJSON(json);
    const ind = typeof indent === 'string' ? indent : '\t';
    const pre = typeof prefix === 'string' ? prefix : '';
    // Go's MarshalIndent: every line starts with the prefix, nesting repeats the indent.
    return stringifyJSON(json, 1)
      .split('\n')
      .map((line) => {
        const body = line.replace(/^ +/, '');
        return pre + ind.repeat(line.length - body.length) + body;
      })
      .join('\n');
  }),
  def('yaml.marshal', 1, ([v]) => stringifyYaml(toJSON(v!))),
  def('yaml.unmarshal', 1, (args) => {
    try {
      return fromJSON(
        parseYaml(str('yaml.unmarshal', args, 0), { intAsBigInt: true, maxAliasCount: 100 }),
      );
    } catch (err) {
      throw builtinError('yaml.unmarshal', yamlMessage(err as Error));
    }
  }),
  def('yaml.is_valid', 1, ([s]) => {
    if (typeof s !== 'string') return false;
    try {
      parseYaml(s, { maxAliasCount: 100 });
      return true;
    } catch {
      return false;
    }
  }),
  def('json.unmarshal', 1, (args) => parseJSON('json.unmarshal', str('json.unmarshal', args, 0))),
  def('json.is_valid', 1, ([s]) => {
    if (typeof s !== 'string') return false;
    try {
      JSON.parse(s);
      return true;
    } catch {
      return false;
    }
  }),
  def('base64.encode', 1, (args) => Buffer.from(str('base64.encode', args, 0)).toString('base64')),
  def('base64.decode', 1, (args) =>
    b64decode('base64.decode', str('base64.decode', args, 0), false),
  ),
  def(
    'base64.is_valid',
    1,
    ([s]) => typeof s === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0,
  ),
  def('base64url.encode', 1, (args) =>
    Buffer.from(str('base64url.encode', args, 0))
      .toString('base64')
      .replace(/\+/g, '-')
      .replace(/\//g, '_'),
  ),
  def('base64url.encode_no_pad', 1, (args) =>
    Buffer.from(str('base64url.encode_no_pad', args, 0)).toString('base64url'),
  ),
  def('base64url.decode', 1, (args) =>
    b64decode('base64url.decode', str('base64url.decode', args, 0), true),
  ),
  def('hex.encode', 1, (args) => Buffer.from(str('hex.encode', args, 0)).toString('hex')),
  def('urlquery.encode', 1, (args) => queryEscape(str('urlquery.encode', args, 0))),
  def('urlquery.decode', 1, (args) =>
    queryUnescape('urlquery.decode', str('urlquery.decode', args, 0)),
  ),
  def('urlquery.encode_object', 1, (args) => {
    const o = obj('urlquery.encode_object', args, 0);
    const pairs: string[] = [];
    for (const [k, v] of sortEntries(o.entries())) {
      if (typeof k !== 'string')
        throw typeError('urlquery.encode_object', 1, 'object[string, any]', o);
      const vals =
        typeof v === 'string'
          ? [v]
          : Array.isArray(v)
            ? v
            : v instanceof RSet
              ? v.values()
              : undefined;
      if (!vals || vals.some((x) => typeof x !== 'string')) {
        throw typeError(
          'urlquery.encode_object',
          1,
          'object[string, one of {string, array[string], set[string]}]',
          o,
        );
      }
      for (const x of vals) pairs.push(`${queryEscape(k)}=${queryEscape(x as string)}`);
    }
    return pairs.join('&');
  }),
  def('urlquery.decode_object', 1, (args) => {
    const out = new RObject();
    for (const part of str('urlquery.decode_object', args, 0).split(/[&]/)) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const k = queryUnescape('urlquery.decode_object', eq < 0 ? part : part.slice(0, eq));
      const v = eq < 0 ? '' : queryUnescape('urlquery.decode_object', part.slice(eq + 1));
      const prev = out.get(k);
      out.set(k, Array.isArray(prev) ? [...prev, v] : [v]);
    }
    return out;
  }),
  def('hex.decode', 1, (args) => {
    const s = str('hex.decode', args, 0);
    const bad = /[^0-9a-fA-F]/u.exec(s);
    if (bad) {
      const cp = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      throw builtinError('hex.decode', `encoding/hex: invalid byte: U+${cp} '${bad[0]}'`);
    }
    if (s.length % 2 !== 0) throw builtinError('hex.decode', 'encoding/hex: odd length hex string');
    return Buffer.from(s, 'hex').toString('utf8');
  }),
];

/** Go's url.QueryEscape: unreserved characters stay, space becomes '+', the rest %XX. */
function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function queryUnescape(name: string, s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw builtinError(name, `invalid URL escape in ${JSON.stringify(s)}`);
  }
}
