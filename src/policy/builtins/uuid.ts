/** uuid.parse (google/uuid's accepted forms and fields), uuid.rfc4122 and rand.intn. */
import { randomInt, randomUUID } from 'node:crypto';
import { RObject, type Value } from '../value.ts';
import { builtinError, def, int, str } from './args.ts';
import type { Builtin, BuiltinContext } from './types.ts';

// 100ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch.
const GREGORIAN_OFFSET = 0x01b21dd213814000n;
const DOMAINS = ['Person', 'Group', 'Org'];

// The 16 bytes of a UUID in any form google/uuid.Parse accepts, or undefined.
function uuidBytes(s: string): Buffer | undefined {
  let hex: string;
  if (s.length === 36 + 9 && s.slice(0, 9).toLowerCase() === 'urn:uuid:') s = s.slice(9);
  else if (s.length === 38) s = s.slice(1, 37);
  if (s.length === 36) {
    if (s[8] !== '-' || s[13] !== '-' || s[18] !== '-' || s[23] !== '-') return undefined;
    hex = s.replaceAll('-', '');
  } else if (s.length === 32) hex = s;
  else return undefined;
  return /^[0-9a-fA-F]{32}$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

function variant(b: Buffer): string {
  const v = b[8]!;
  if ((v & 0xc0) === 0x80) return 'RFC4122';
  if ((v & 0xe0) === 0xc0) return 'Microsoft';
  if ((v & 0xe0) === 0xe0) return 'Future';
  return 'Reserved';
}

function timeFields(b: Buffer, version: number, out: RObject): void {
  const low = BigInt(b.readUInt32BE(0));
  const t = low | (BigInt(b.readUInt16BE(4)) << 32n) | (BigInt(b.readUInt16BE(6) & 0xfff) << 48n);
  out.set('time', (t - GREGORIAN_OFFSET) * 100n);
  out.set('clocksequence', BigInt(((b[8]! & 0x3f) << 8) | b[9]!));
  out.set('nodeid', [...b.subarray(10)].map((x) => x.toString(16).padStart(2, '0')).join('-'));
  const scope = b[10]! & 2 ? 'local' : 'global';
  out.set('macvariables', `${scope}:${b[10]! & 1 ? 'multicast' : 'unicast'}`);
  if (version === 2) {
    out.set('domain', DOMAINS[b[9]!] ?? `Domain${b[9]!}`);
    out.set('id', BigInt(b.readUInt32BE(0)));
  }
}

/** The fields OPA's uuid.parse reports, or undefined when `s` is no UUID. */
export function parseUuid(s: string): RObject | undefined {
  const b = uuidBytes(s);
  if (!b) return undefined;
  const out = new RObject();
  const version = b[6]! >> 4;
  out.set('version', BigInt(version));
  out.set('variant', variant(b));
  if (version === 1 || version === 2) timeFields(b, version, out);
  return out;
}

// Values fixed for one evaluation: the same arguments give the same answer, as in OPA.
function memo(ctx: BuiltinContext, key: string, make: () => Value): Value {
  let v = ctx.memo.get(key);
  if (v === undefined) ctx.memo.set(key, (v = make()));
  return v;
}

export const uuid: readonly Builtin[] = [
  def('uuid.parse', 1, (args) => parseUuid(str('uuid.parse', args, 0))),
  def('uuid.rfc4122', 1, (args, ctx) =>
    memo(ctx, `uuid.rfc4122\0${str('uuid.rfc4122', args, 0)}`, () => randomUUID()),
  ),
  def('rand.intn', 2, (args, ctx) => {
    const key = str('rand.intn', args, 0);
    const n = int('rand.intn', args, 1);
    if (n < 0n || n >= 2n ** 48n) throw builtinError('rand.intn', 'n must be in [0, 2^48)');
    const bound = n;
    return memo(ctx, `rand.intn\0${key}\0${bound}`, () =>
      bound === 0n ? 0n : BigInt(randomInt(Number(bound))),
    );
  }),
];
