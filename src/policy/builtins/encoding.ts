import { BuiltinError } from '../errors.ts';
import { fromJSON, stringifyJSON, toJSON } from '../value.ts';
import { builtinError, def, str } from './args.ts';
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

export const encoding: readonly Builtin[] = [
  def('json.marshal', 1, ([v]) => stringifyJSON(toJSON(v!))),
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
  def('urlquery.encode', 1, (args) =>
    encodeURIComponent(str('urlquery.encode', args, 0)).replace(/%20/g, '+'),
  ),
];
