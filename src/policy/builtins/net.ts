/** net.cidr_contains / cidr_intersects / cidr_is_valid on exact (bigint) addresses. */
import { isIPv4, isIPv6 } from 'node:net';
import { RObject, RSet, type Value } from '../value.ts';
import { builtinError, def, str, typeError } from './args.ts';
import type { Builtin } from './types.ts';

interface Net {
  addr: bigint;
  bits: number;
  prefix: number;
}

function parseIp(s: string): { addr: bigint; bits: number } | undefined {
  if (isIPv4(s))
    return { addr: s.split('.').reduce((a, o) => (a << 8n) | BigInt(o), 0n), bits: 32 };
  if (!isIPv6(s)) return undefined;
  let text = s;
  let tail: bigint[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = parseIp(v4[1]!)!.addr;
    tail = [n >> 16n, n & 0xffffn];
    text = text.slice(0, -v4[1]!.length) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const hs = head === '' ? [] : head.split(':');
  const rs = rest === undefined ? [] : rest === '' ? [] : rest.split(':');
  const fill = rest === undefined ? 0 : 8 - hs.length - rs.length;
  const groups = [...hs, ...Array<string>(fill).fill('0'), ...rs].map((g) => BigInt('0x' + g));
  if (tail.length) groups.splice(6, 2, ...tail);
  return { addr: groups.reduce((a, g) => (a << 16n) | g, 0n), bits: 128 };
}

function parseCidr(s: string): Net | undefined {
  const [ip, len, extra] = s.split('/');
  if (extra !== undefined || len === undefined || !/^\d+$/.test(len)) return undefined;
  const p = parseIp(ip!);
  if (!p || Number(len) > p.bits) return undefined;
  const prefix = Number(len);
  const mask = ((1n << BigInt(p.bits)) - 1n) ^ ((1n << BigInt(p.bits - prefix)) - 1n);
  return { addr: p.addr & mask, bits: p.bits, prefix };
}

function netOf(name: string, s: string, allowIp: boolean): Net {
  const n = parseCidr(s);
  if (n) return n;
  if (allowIp) {
    const ip = parseIp(s);
    if (ip) return { addr: ip.addr, bits: ip.bits, prefix: ip.bits };
  }
  throw builtinError(name, `invalid CIDR address: ${s}`);
}

function contains(a: Net, b: Net): boolean {
  if (a.bits !== b.bits || b.prefix < a.prefix) return false;
  const shift = BigInt(a.bits - a.prefix);
  return a.addr >> shift === b.addr >> shift;
}

function formatIp(addr: bigint, bits: number): string {
  if (bits === 32)
    return [24n, 16n, 8n, 0n].map((sh) => ((addr >> sh) & 0xffn).toString()).join('.');
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((addr >> BigInt(112 - i * 16)) & 0xffffn),
  );
  // RFC 5952: compress the longest run (length >= 2) of zero groups
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return hex.slice(0, best).join(':') + '::' + hex.slice(best + bestLen).join(':');
}

const MAX_EXPAND = 65_536n;

// Minimal CIDRs covering [start, end].
function rangeToCidrs(start: bigint, end: bigint, bits: number, out: string[]): void {
  let cur = start;
  while (cur <= end) {
    let size = 0;
    while (size < bits) {
      const block = 1n << BigInt(size + 1);
      if (cur % block !== 0n || cur + block - 1n > end) break;
      size++;
    }
    out.push(`${formatIp(cur, bits)}/${bits - size}`);
    cur += 1n << BigInt(size);
  }
}

function elements(name: string, v: Value, i: number): [Value, string][] {
  const pick = (k: Value, x: Value): [Value, string] => {
    if (typeof x === 'string') return [k, x];
    if (Array.isArray(x) && typeof x[0] === 'string') return [k, x[0]];
    throw builtinError(name, `operand ${i}: element must be string or non-empty array`);
  };
  if (typeof v === 'string') return [[v, v]];
  if (Array.isArray(v)) return v.map((x, j) => pick(BigInt(j), x));
  if (v instanceof RSet) return v.values().map((x) => pick(x, x));
  if (v instanceof RObject) return v.entries().map(([k, x]) => pick(k, x));
  throw typeError(name, i, 'one of {string, array, set, object}', v);
}

export const net: readonly Builtin[] = [
  def('net.cidr_expand', 1, (args) => {
    const s = str('net.cidr_expand', args, 0);
    const n = netOf('net.cidr_expand', s, false);
    const count = 1n << BigInt(n.bits - n.prefix);
    if (count > MAX_EXPAND)
      throw builtinError('net.cidr_expand', `${s}: more than ${MAX_EXPAND} addresses`);
    const out = new RSet();
    for (let i = 0n; i < count; i++) out.add(formatIp(n.addr + i, n.bits));
    return out;
  }),
  def('net.cidr_contains_matches', 2, (args) => {
    const name = 'net.cidr_contains_matches';
    const out = new RSet();
    const bs = elements(name, args[1]!, 2).map(([k, s]) => [k, netOf(name, s, true)] as const);
    for (const [ka, sa] of elements(name, args[0]!, 1)) {
      const a = netOf(name, sa, true);
      for (const [kb, b] of bs) if (contains(a, b)) out.add([ka, kb]);
    }
    return out;
  }),
  def('net.cidr_merge', 1, (args) => {
    const name = 'net.cidr_merge';
    const v = args[0]!;
    const items = Array.isArray(v) ? v : v instanceof RSet ? v.values() : undefined;
    if (!items) throw typeError(name, 1, 'one of {array, set}', v);
    const ranges: [bigint, bigint, number][] = [];
    for (const x of items) {
      if (typeof x !== 'string') throw typeError(name, 1, 'array of strings', v);
      let n = parseCidr(x);
      if (!n) {
        const ip = parseIp(x);
        if (ip?.bits === 128) throw builtinError(name, 'IPv6 invalid: needs prefix length');
        if (!ip) throw builtinError(name, `invalid CIDR address: ${x}`);
        n = { addr: ip.addr, bits: ip.bits, prefix: ip.bits };
      }
      ranges.push([n.addr, n.addr + (1n << BigInt(n.bits - n.prefix)) - 1n, n.bits]);
    }
    ranges.sort((a, b) => a[2] - b[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const merged: [bigint, bigint, number][] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && last[2] === r[2] && r[0] <= last[1] + 1n)
        last[1] = r[1] > last[1] ? r[1] : last[1];
      else merged.push([...r]);
    }
    const out: string[] = [];
    for (const [a, b, bits] of merged) rangeToCidrs(a, b, bits, out);
    const set = new RSet();
    out.forEach((c) => set.add(c));
    return set;
  }),
  def('net.cidr_is_valid', 1, ([v]) => typeof v === 'string' && parseCidr(v) !== undefined),
  def('net.cidr_contains', 2, (args) =>
    contains(
      netOf('net.cidr_contains', str('net.cidr_contains', args, 0), false),
      netOf('net.cidr_contains', str('net.cidr_contains', args, 1), true),
    ),
  ),
  def('net.cidr_intersects', 2, (args) => {
    const a = netOf('net.cidr_intersects', str('net.cidr_intersects', args, 0), false);
    const b = netOf('net.cidr_intersects', str('net.cidr_intersects', args, 1), false);
    return contains(a, b) || contains(b, a);
  }),
];
