/**
 * uri.parse / uri.is_valid, following Go's net/url (which OPA uses): the same components and
 * the same error wording for the usual mistakes.
 */
import { RObject } from '../value.ts';
import { builtinError, def, str } from './args.ts';
import type { Builtin } from './types.ts';

class UrlError extends Error {}

const KEEP_DECODED = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;

function unescape(s: string): string {
  const bad = /%(?![0-9a-fA-F]{2})/.exec(s);
  if (bad)
    throw new UrlError(`invalid URL escape ${JSON.stringify(s.slice(bad.index, bad.index + 3))}`);
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

// The path as Go's EscapedPath shows it: harmless escapes decoded, meaningful ones (%2F) kept.
function rawPath(orig: string): string {
  return orig
    .replace(/%([0-9a-fA-F]{2})/g, (m, h: string) => {
      const c = String.fromCharCode(parseInt(h, 16));
      return KEEP_DECODED.test(c) ? c : m.toUpperCase();
    })
    .replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (c) => encodeURIComponent(c));
}

function parseUrl(s: string): RObject {
  if ([...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new UrlError('net/url: invalid control character in URL');
  }
  const out = new RObject();
  const put = (k: string, v: string) => v !== '' && out.set(k, v);
  let rest = s;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    put('fragment', unescape(rest.slice(hash + 1)));
    rest = rest.slice(0, hash);
  }
  const sm = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (sm) {
    put('scheme', sm[1]!.toLowerCase());
    rest = rest.slice(sm[0].length);
  }
  const q = rest.indexOf('?');
  if (q >= 0) {
    put('raw_query', rest.slice(q + 1));
    rest = rest.slice(0, q);
  }
  if (sm && !rest.startsWith('/')) return out;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    parseAuthority(authority, put);
  }
  if (rest !== '') {
    put('path', unescape(rest));
    put('raw_path', rawPath(rest));
  }
  return out;
}

function parseAuthority(authority: string, put: (k: string, v: string) => void): void {
  const at = authority.lastIndexOf('@');
  let host = authority;
  if (at >= 0) {
    const user = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._~!$&'()*+,;=:%]*$/.test(user))
      throw new UrlError('net/url: invalid userinfo');
    host = authority.slice(at + 1);
  }
  let hostname = host;
  let port = '';
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) throw new UrlError(`missing ']' in host`);
    hostname = host.slice(1, end);
    const after = host.slice(end + 1);
    if (after !== '' && !after.startsWith(':'))
      throw new UrlError(`invalid port ${JSON.stringify(after)} after host`);
    port = after.slice(1);
    if (!/^[0-9]*$/.test(port))
      throw new UrlError(`invalid port ${JSON.stringify(after)} after host`);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      const p = host.slice(colon);
      if (!/^:[0-9]*$/.test(p)) throw new UrlError(`invalid port ${JSON.stringify(p)} after host`);
      hostname = host.slice(0, colon);
      port = p.slice(1);
    }
    const esc = /%([0-9a-fA-F]{2})/.exec(hostname);
    if (esc && parseInt(esc[1]!, 16) < 0x80)
      throw new UrlError(`invalid URL escape ${JSON.stringify(esc[0])}`);
    hostname = unescape(hostname);
  }
  put('hostname', hostname);
  put('port', port);
}

export const uri: readonly Builtin[] = [
  def('uri.parse', 1, (args) => {
    const s = str('uri.parse', args, 0);
    try {
      return parseUrl(s);
    } catch (err) {
      if (err instanceof UrlError)
        throw builtinError('uri.parse', `parse ${JSON.stringify(s)}: ${err.message}`);
      throw err;
    }
  }),
  def('uri.is_valid', 1, ([s]) => {
    if (typeof s !== 'string' || s === '') return false;
    try {
      parseUrl(s);
      return true;
    } catch {
      return false;
    }
  }),
];
