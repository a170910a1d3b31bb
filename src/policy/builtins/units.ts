/** units.parse and units.parse_bytes, computed on exact decimals (0.0000005M is exactly 0.5). */
import { builtinError, def, str } from './args.ts';
import type { Builtin } from './types.ts';

const BYTE_SI: Record<string, bigint> = { k: 3n, m: 6n, g: 9n, t: 12n, p: 15n, e: 18n };
const BYTE_BIN: Record<string, bigint> = { ki: 10n, mi: 20n, gi: 30n, ti: 40n, pi: 50n, ei: 60n };

interface Rational {
  n: bigint;
  d: bigint;
}

function split(name: string, s: string, what: string): { amount: Rational; unit: string } {
  if (/\s/.test(s)) throw builtinError(name, 'spaces not allowed in resource strings');
  const s2 = s.replace(/^"|"$/g, '');
  const m = /^[0-9.]*/.exec(s2)![0];
  let rest = s2.slice(m.length);
  let exp = 0n;
  const e = /^[eE]([+-]?\d+)/.exec(rest);
  if (e && m !== '') {
    exp = BigInt(e[1]!);
    if (exp > 1000n || exp < -1000n) throw builtinError(name, 'exponent too large');
    rest = rest.slice(e[0].length);
  }
  if (m === '') throw builtinError(name, `no ${what} provided`);
  if (!/^(\d+\.?\d*|\.\d+)$/.test(m))
    throw builtinError(name, `could not parse ${what} to a number`);
  const [ip, fp = ''] = m.split('.');
  let amount: Rational = { n: BigInt((ip ?? '') + fp || '0'), d: 10n ** BigInt(fp.length) };
  amount =
    exp >= 0n
      ? { n: amount.n * 10n ** exp, d: amount.d }
      : { n: amount.n, d: amount.d * 10n ** -exp };
  return { amount, unit: rest };
}

function toNumber(r: Rational): bigint | number {
  if (r.n % r.d === 0n) return r.n / r.d;
  return Number(r.n) / Number(r.d);
}

export const units: readonly Builtin[] = [
  def('units.parse', 1, (args) => {
    const text = str('units.parse', args, 0);
    const negative = text.startsWith('-');
    const { amount, unit } = split('units.parse', negative ? text.slice(1) : text, 'amount');
    let r = negative ? { n: -amount.n, d: amount.d } : amount;
    const lower = unit.toLowerCase();
    if (unit === 'm') r = { n: r.n, d: r.d * 1000n };
    else if (unit === 'M') r = { n: r.n * 10n ** 6n, d: r.d };
    else if (lower in BYTE_SI && lower !== 'm') r = { n: r.n * 10n ** BYTE_SI[lower]!, d: r.d };
    else if (lower in BYTE_BIN) r = { n: r.n * 2n ** BYTE_BIN[lower]!, d: r.d };
    else if (unit !== '') throw builtinError('units.parse', `unknown unit ${unit}`);
    return toNumber(r);
  }),
  def('units.parse_bytes', 1, (args) => {
    const { amount, unit } = split(
      'units.parse_bytes',
      str('units.parse_bytes', args, 0),
      'byte amount',
    );
    const u = unit.toLowerCase().replace(/b$/, '');
    let r = amount;
    if (u in BYTE_SI) r = { n: r.n * 10n ** BYTE_SI[u]!, d: r.d };
    else if (u in BYTE_BIN) r = { n: r.n * 2n ** BYTE_BIN[u]!, d: r.d };
    else if (u !== '') throw builtinError('units.parse_bytes', `no byte amount provided`);
    return r.n / r.d;
  }),
];
