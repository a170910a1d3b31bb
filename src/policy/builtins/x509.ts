/**
 * crypto.x509.parse_certificates, crypto.x509.parse_rsa_private_key and
 * crypto.parse_private_keys on node:crypto. Certificates come back in the shape of Go's
 * x509.Certificate as OPA marshals it, for the fields policies read (Subject, Issuer,
 * DNSNames, URIStrings, EmailAddresses, IPAddresses, validity, serial, IsCA).
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { RObject, fromJSON, type Value } from '../value.ts';
import { builtinError, def, str } from './args.ts';
import type { Builtin } from './types.ts';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
const MAX_CERTS = 100;

// Go's StdEncoding is strict: report the first byte outside the alphabet.
function base64(name: string, s: string): Buffer {
  const t = s.replace(/[\r\n]/g, '');
  // Standard encoding needs padding: a short final quantum is an error at its start.
  const short = t.length % 4 !== 0 ? t.length - (t.length % 4) : -1;
  const bad = /[^A-Za-z0-9+/=]/.exec(t)?.index ?? short;
  if (bad >= 0) throw builtinError(name, `illegal base64 data at input byte ${bad}`);
  return Buffer.from(t, 'base64');
}

// PEM text as given or base64-encoded; otherwise base64-encoded DER.
function pemOrDer(name: string, s: string): { pem?: string; der?: Buffer } {
  if (s.trimStart().startsWith('-----BEGIN')) return { pem: s };
  const bytes = base64(name, s);
  const text = bytes.toString('latin1');
  return text.trimStart().startsWith('-----BEGIN') ? { pem: text } : { der: bytes };
}

// Splits concatenated DER SEQUENCEs by their ASN.1 lengths.
function splitDer(name: string, der: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  while (i < der.length && out.length <= MAX_CERTS) {
    if (der[i] !== 0x30 || i + 2 > der.length)
      throw builtinError(name, 'x509: malformed certificate');
    let len = der[i + 1]!;
    let head = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4 || i + 2 + n > der.length)
        throw builtinError(name, 'x509: malformed certificate');
      len = der.readUIntBE(i + 2, n);
      head += n;
    }
    out.push(der.subarray(i, i + head + len));
    i += head + len;
  }
  return out;
}

function name(dn: string): RObject {
  const o = new RObject();
  const attrs = new Map<string, string[]>();
  for (const line of dn.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0)
      attrs.set(line.slice(0, eq), [...(attrs.get(line.slice(0, eq)) ?? []), line.slice(eq + 1)]);
  }
  const list = (k: string) => attrs.get(k) ?? null;
  o.set('CommonName', attrs.get('CN')?.[0] ?? '');
  o.set('SerialNumber', attrs.get('serialNumber')?.[0] ?? '');
  for (const [key, attr] of [
    ['Country', 'C'],
    ['Organization', 'O'],
    ['OrganizationalUnit', 'OU'],
    ['Locality', 'L'],
    ['Province', 'ST'],
    ['StreetAddress', 'street'],
    ['PostalCode', 'postalCode'],
  ] as const)
    o.set(key, list(attr));
  return o;
}

function altNames(san: string | undefined, prefix: string): string[] | null {
  if (!san) return null;
  const xs = san
    .split(/, (?=[A-Za-z ]+:)/)
    .filter((p) => p.startsWith(prefix))
    .map((p) => p.slice(prefix.length));
  return xs.length > 0 ? xs : null;
}

function certValue(c: X509Certificate): Value {
  const o = new RObject();
  o.set('Raw', c.raw.toString('base64'));
  o.set('SerialNumber', BigInt(`0x${c.serialNumber}`));
  o.set('Subject', name(c.subject));
  o.set('Issuer', name(c.issuer));
  o.set('NotBefore', c.validFromDate.toISOString().replace('.000Z', 'Z'));
  o.set('NotAfter', c.validToDate.toISOString().replace('.000Z', 'Z'));
  o.set('IsCA', c.ca);
  o.set('DNSNames', fromJSON(altNames(c.subjectAltName, 'DNS:')));
  o.set('EmailAddresses', fromJSON(altNames(c.subjectAltName, 'email:')));
  o.set('IPAddresses', fromJSON(altNames(c.subjectAltName, 'IP Address:')));
  o.set('URIStrings', fromJSON(altNames(c.subjectAltName, 'URI:')));
  return o;
}

function parseCertificates(fn: string, s: string): Value[] {
  return parseX509(fn, s).map(certValue);
}

function parseX509(fn: string, s: string): X509Certificate[] {
  const { pem, der } = pemOrDer(fn, s);
  const blobs = pem
    ? [...pem.matchAll(PEM_BLOCK)]
        .filter((m) => m[1] === 'CERTIFICATE')
        .map((m) => base64(fn, m[2]!))
    : splitDer(fn, der!);
  if (blobs.length > MAX_CERTS) throw builtinError(fn, `more than ${MAX_CERTS} certificates`);
  return blobs.map((b) => {
    try {
      return new X509Certificate(b);
    } catch {
      throw builtinError(fn, 'x509: malformed certificate');
    }
  });
}

// The chain from the last certificate (leaf) up to the first (the trusted root), each
// signed by the next and valid at `nowMs`; undefined when there is none.
function verifiedChain(certs: X509Certificate[], nowMs: number): X509Certificate[] | undefined {
  const root = certs[0];
  const leaf = certs[certs.length - 1];
  if (!root || !leaf) return undefined;
  const valid = (c: X509Certificate) =>
    c.validFromDate.getTime() <= nowMs && nowMs <= c.validToDate.getTime();
  const chain = [leaf];
  for (let cur = leaf; cur !== root;) {
    const next = certs.find(
      (c) => !chain.includes(c) && c.ca && cur.checkIssued(c) && cur.verify(c.publicKey),
    );
    if (!next) return undefined;
    chain.push((cur = next));
  }
  if (!root.checkIssued(root) || !root.verify(root.publicKey)) return undefined;
  return chain.every(valid) ? chain : undefined;
}

function privateJwk(pem: string): Value | undefined {
  try {
    return fromJSON(createPrivateKey(pem).export({ format: 'jwk' }));
  } catch {
    return undefined;
  }
}

export const x509: readonly Builtin[] = [
  def('crypto.x509.parse_certificates', 1, (args) =>
    parseCertificates(
      'crypto.x509.parse_certificates',
      str('crypto.x509.parse_certificates', args, 0),
    ),
  ),
  def('crypto.x509.parse_and_verify_certificates', 1, (args, ctx) => {
    const fn = 'crypto.x509.parse_and_verify_certificates';
    const text = str(fn, args, 0);
    let certs: X509Certificate[];
    try {
      certs = parseX509(fn, text);
    } catch {
      return [false, []];
    }
    const chain = verifiedChain(certs, Number(ctx.nowNs / 1_000_000n));
    return chain ? [true, chain.map(certValue)] : [false, []];
  }),
  def('crypto.x509.parse_keypair', 2, (args) => {
    const fn = 'crypto.x509.parse_keypair';
    const certs = parseX509(fn, str(fn, args, 0));
    const { pem } = pemOrDer(fn, str(fn, args, 1));
    let key: KeyObject;
    try {
      key = createPrivateKey(pem ?? '');
    } catch {
      throw builtinError(fn, 'tls: failed to find any PEM data in key input');
    }
    if (certs.length === 0)
      throw builtinError(fn, 'tls: failed to find any PEM data in certificate input');
    if (!certs[0]!.checkPrivateKey(key))
      throw builtinError(fn, 'tls: private key does not match public key');
    const out = new RObject();
    out.set(
      'Certificate',
      certs.map((c) => c.raw.toString('base64')),
    );
    out.set('PrivateKey', fromJSON(key.export({ format: 'jwk' })));
    out.set('Leaf', certValue(certs[0]!));
    return out;
  }),
  def('crypto.x509.parse_rsa_private_key', 1, (args) => {
    const fn = 'crypto.x509.parse_rsa_private_key';
    const { pem } = pemOrDer(fn, str(fn, args, 0));
    const key = pem === undefined ? undefined : privateJwk(pem);
    if (key === undefined) throw builtinError(fn, 'failed to parse PEM-encoded RSA private key');
    return key;
  }),
  def('crypto.parse_private_keys', 1, (args) => {
    const fn = 'crypto.parse_private_keys';
    const s = str(fn, args, 0);
    if (s === '') return null;
    let text: string;
    try {
      text = pemOrDer(fn, s).pem ?? '';
    } catch {
      return [];
    }
    const keys: Value[] = [];
    for (const m of text.matchAll(PEM_BLOCK)) {
      const k = privateJwk(m[0]);
      if (k !== undefined) keys.push(k);
      if (keys.length >= MAX_CERTS) break;
    }
    return keys;
  }),
];
