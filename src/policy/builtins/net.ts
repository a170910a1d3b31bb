/** net.cidr_contains / cidr_intersects / cidr_is_valid on exact (bigint) addresses. */
import { isIPv4, isIPv6 } from 'node:net';
import { builtinError, def, str } from './args.ts';
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

export const net: readonly Builtin[] = [
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
