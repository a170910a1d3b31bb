/** io.jwt.*: decode, verify_*, decode_verify and encode_sign(_raw), following OPA's checks. */
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { RObject, fromJSON, isNumber, toJSON, type Value } from '../value.ts';
import { builtinError, def, obj, str } from './args.ts';
import { ALGS, publicKeys, signWith, verifySignature, type Alg } from './jwt-keys.ts';
import type { Builtin } from './types.ts';

interface Decoded {
  header: RObject;
  payload: Value;
  signed: Buffer;
  sig: Buffer;
}

// Go's strict RawURLEncoding: the first byte outside the alphabet is the error position.
function b64url(name: string, part: string, what: string): Buffer {
  const s = part.replace(/=+$/, '');
  const bad = /[^A-Za-z0-9_-]/.exec(s)?.index ?? (s.length % 4 === 1 ? s.length - 1 : -1);
  if (bad >= 0)
    throw builtinError(
      name,
      `JWT ${what} had invalid encoding: illegal base64 data at input byte ${bad}`,
    );
  return Buffer.from(s, 'base64url');
}

function parseJSON(text: string): Value | undefined {
  try {
    return fromJSON(JSON.parse(text));
  } catch {
    return undefined;
  }
}

const MAX_NESTING = 8;

// A header with `cty: JWT` carries another token as its payload: OPA returns the innermost.
function decodeNested(name: string, token: string): Decoded {
  let d = decode(name, token);
  for (let i = 0; isNested(d); i++) {
    if (i >= MAX_NESTING) throw builtinError(name, 'JWT nested too deeply');
    d = decode(name, d.payload as string);
  }
  return d;
}

function isNested(d: Decoded): boolean {
  return d.header.get('cty') === 'JWT' && typeof d.payload === 'string';
}

function decode(name: string, token: string): Decoded {
  const parts = token.split('.');
  if (parts.length === 1) throw builtinError(name, 'encoded JWT had no period separators');
  if (parts.length !== 3)
    throw builtinError(name, `encoded JWT must have 3 sections, found ${parts.length}`);
  const header = parseJSON(b64url(name, parts[0]!, 'header').toString('utf8'));
  if (!(header instanceof RObject)) throw builtinError(name, 'JWT header had invalid JSON');
  if (header.has('enc')) throw builtinError(name, 'JWT is a JWE object, which is not supported');
  const raw = b64url(name, parts[1]!, 'payload').toString('utf8');
  const sig = b64url(name, parts[2]!, 'signature');
  const payload = parseJSON(raw);
  if (payload === undefined) throw builtinError(name, 'JWT payload had invalid JSON');
  return { header, payload, signed: Buffer.from(`${parts[0]}.${parts[1]}`), sig };
}

function algOf(d: Decoded): Alg | undefined {
  const a = d.header.get('alg');
  return typeof a === 'string' ? ALGS[a] : undefined;
}

function verifier(alg: string): Builtin {
  const name = `io.jwt.verify_${alg.toLowerCase()}`;
  const want = ALGS[alg]!;
  return def(name, 2, (args) => {
    const d = decode(name, str(name, args, 0));
    const material = str(name, args, 1);
    if (want.kind === 'hmac') return verifySignature(want, d.signed, d.sig, Buffer.from(material));
    return publicKeys(name, material).some(({ key }) =>
      verifySignature(want, d.signed, d.sig, key),
    );
  });
}

const CONSTRAINTS = new Set(['cert', 'secret', 'alg', 'iss', 'aud', 'time']);
const NAME_DV = 'io.jwt.decode_verify';

function signatureOk(d: Decoded, alg: Alg, c: RObject): boolean {
  const cert = c.get('cert');
  const secret = c.get('secret');
  if (alg.kind === 'hmac')
    return typeof secret === 'string' && verifySignature(alg, d.signed, d.sig, Buffer.from(secret));
  if (typeof cert !== 'string') return false;
  const kid = d.header.get('kid');
  const keys: { key: KeyObject; kid?: string }[] = publicKeys(NAME_DV, cert);
  const matching =
    typeof kid === 'string' && keys.some((k) => k.kid === kid)
      ? keys.filter((k) => k.kid === kid)
      : keys;
  return matching.some(({ key }) => verifySignature(alg, d.signed, d.sig, key));
}

function claimNum(payload: RObject, claim: 'exp' | 'nbf'): number | undefined {
  const v = payload.get(claim);
  if (v === undefined) return undefined;
  if (!isNumber(v)) throw builtinError(NAME_DV, `${claim} value must be a number`);
  return Number(v);
}

function claimsOk(payload: RObject, c: RObject, nowNs: bigint): boolean {
  const t = c.get('time');
  const now = isNumber(t) ? Number(t) : Number(nowNs);
  const exp = claimNum(payload, 'exp');
  const nbf = claimNum(payload, 'nbf');
  if (exp !== undefined && now >= exp * 1e9) return false;
  if (nbf !== undefined && now < nbf * 1e9) return false;
  const iss = c.get('iss');
  if (iss !== undefined && payload.get('iss') !== iss) return false;
  const aud = payload.get('aud');
  const want = c.get('aud');
  if (aud === undefined) return want === undefined;
  if (typeof want !== 'string') return false;
  return aud === want || (Array.isArray(aud) && aud.includes(want));
}

function decodeVerify(token: string, c: RObject, nowNs: bigint, depth = 0): Value {
  for (const k of c.keys())
    if (typeof k !== 'string' || !CONSTRAINTS.has(k))
      throw builtinError(NAME_DV, `unknown token validation constraint: ${String(k)}`);
  const t = c.get('time');
  if (t !== undefined && !isNumber(t))
    throw builtinError(NAME_DV, 'token time constraint: must be a number');
  const no = [false, new RObject(), new RObject()];
  const d = decode(NAME_DV, token);
  const alg = algOf(d);
  const wantAlg = c.get('alg');
  if (!alg || (wantAlg !== undefined && wantAlg !== d.header.get('alg'))) return no;
  if (d.header.has('crit') || !signatureOk(d, alg, c)) return no;
  if (isNested(d)) {
    if (depth >= MAX_NESTING) throw builtinError(NAME_DV, 'JWT nested too deeply');
    return decodeVerify(d.payload as string, c, nowNs, depth + 1);
  }
  if (!(d.payload instanceof RObject)) return no;
  return claimsOk(d.payload, c, nowNs) ? [true, d.header, d.payload] : no;
}

// Header and payload as OPA serializes them: compact JSON, keys sorted.
function compact(v: Value): string {
  return JSON.stringify(toJSON(v));
}

function encode(name: string, header: string, payload: string, key: string): string {
  const h = parseJSON(header);
  if (h === undefined && !header.trim().startsWith('{') && header.trim() !== '')
    throw builtinError(name, `missing or invalid 'alg' header: jwsbb: header "alg" not found`);
  if (header.trim() === '')
    throw builtinError(
      name,
      "missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string",
    );
  if (h === undefined)
    throw builtinError(name, "missing or invalid 'alg' header: cannot parse JSON");
  const a = h instanceof RObject ? h.get('alg') : undefined;
  if (typeof a !== 'string')
    throw builtinError(name, `missing or invalid 'alg' header: jwsbb: header "alg" not found`);
  const alg = ALGS[a];
  if (!alg) throw builtinError(name, `unknown JWS algorithm: ${a}`);
  if (h instanceof RObject && h.get('typ') === 'JWT' && parseJSON(payload) === undefined)
    throw builtinError(name, 'type is JWT but payload is not JSON');
  const jwk = parseJSON(key);
  if (!(jwk instanceof RObject)) throw builtinError(name, 'failed to parse a JWK key');
  const signed = `${Buffer.from(header).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  const sig = signWith(name, alg, Buffer.from(signed), toJSON(jwk) as JsonWebKey);
  return `${signed}.${sig.toString('base64url')}`;
}

export const jwt: readonly Builtin[] = [
  def('io.jwt.decode', 1, (args) => {
    const d = decodeNested('io.jwt.decode', str('io.jwt.decode', args, 0));
    return [d.header, d.payload, d.sig.toString('hex')];
  }),
  ...Object.keys(ALGS).map(verifier),
  def(NAME_DV, 2, (args, ctx) =>
    decodeVerify(str(NAME_DV, args, 0), obj(NAME_DV, args, 1), ctx.nowNs),
  ),
  def('io.jwt.encode_sign_raw', 3, (args) => {
    const n = 'io.jwt.encode_sign_raw';
    return encode(n, str(n, args, 0), str(n, args, 1), str(n, args, 2));
  }),
  def('io.jwt.encode_sign', 3, (args) => {
    const n = 'io.jwt.encode_sign';
    return encode(n, compact(obj(n, args, 0)), compact(obj(n, args, 1)), compact(obj(n, args, 2)));
  }),
];
