/** time.* builtins on nanosecond bigints; time zones through Intl (IANA names). */
import { BuiltinError } from '../errors.ts';
import { isNumber, type Value } from '../value.ts';
import { builtinError, def, int, str, typeError } from './args.ts';
import type { Builtin } from './types.ts';

const NS_PER_MS = 1_000_000n;
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function nsAndZone(name: string, v: Value): { ns: bigint; zone: string } {
  if (typeof v === 'bigint') return { ns: v, zone: 'UTC' };
  if (typeof v === 'number') return { ns: BigInt(Math.trunc(v)), zone: 'UTC' };
  if (Array.isArray(v) && v.length === 2 && isNumber(v[0]) && typeof v[1] === 'string') {
    return {
      ns: typeof v[0] === 'bigint' ? v[0] : BigInt(Math.trunc(v[0] as number)),
      zone: v[1] === '' ? 'UTC' : v[1],
    };
  }
  throw typeError(name, 1, 'either number (ns) or [number (ns), string (tz)]', v);
}

// Calendar fields of an instant in a zone.
function fields(
  name: string,
  ns: bigint,
  zone: string,
): { y: number; mo: number; d: number; h: number; mi: number; s: number; wd: number } {
  const ms = Number(ns / NS_PER_MS) - (ns % NS_PER_MS < 0n ? 1 : 0);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw builtinError(name, 'time outside of valid range');
  if (zone === 'UTC') {
    return {
      y: date.getUTCFullYear(),
      mo: date.getUTCMonth() + 1,
      d: date.getUTCDate(),
      h: date.getUTCHours(),
      mi: date.getUTCMinutes(),
      s: date.getUTCSeconds(),
      wd: date.getUTCDay(),
    };
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone === 'Local' ? undefined : zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'long',
    });
  } catch {
    throw builtinError(name, `unknown time zone ${zone}`);
  }
  const parts = Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    y: Number(parts.year),
    mo: Number(parts.month),
    d: Number(parts.day),
    h: Number(parts.hour),
    mi: Number(parts.minute),
    s: Number(parts.second),
    wd: DAYS.indexOf(parts.weekday ?? ''),
  };
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function parseRfc3339(s: string): bigint {
  const m = RFC3339.exec(s);
  if (!m)
    throw builtinError(
      'time.parse_rfc3339_ns',
      `parsing time ${JSON.stringify(s)} as RFC3339 failed`,
    );
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
  );
  const frac = m[7] ? BigInt((m[7].slice(1) + '000000000').slice(0, 9)) : 0n;
  let offsetMin = 0;
  if (m[8] !== 'Z' && m[8] !== 'z') {
    const sign = m[8]!.startsWith('-') ? -1 : 1;
    offsetMin = sign * (Number(m[8]!.slice(1, 3)) * 60 + Number(m[8]!.slice(4, 6)));
  }
  return BigInt(ms - offsetMin * 60_000) * NS_PER_MS + frac;
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

function parseDuration(s: string): bigint {
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (!m && s !== '0')
    throw builtinError('time.parse_duration_ns', `time: invalid duration ${JSON.stringify(s)}`);
  if (s === '0') return 0n;
  let total = 0;
  for (const part of s.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g))
    total += Number(part[1]) * DURATION_UNITS[part[2]!]!;
  return BigInt(Math.round(total)) * (m![1] === '-' ? -1n : 1n);
}

export const time: readonly Builtin[] = [
  def('time.parse_rfc3339_ns', 1, (args) => parseRfc3339(str('time.parse_rfc3339_ns', args, 0))),
  def('time.parse_duration_ns', 1, (args) => parseDuration(str('time.parse_duration_ns', args, 0))),
  def('time.date', 1, ([v]) => {
    const { ns, zone } = nsAndZone('time.date', v!);
    const f = fields('time.date', ns, zone);
    return [BigInt(f.y), BigInt(f.mo), BigInt(f.d)];
  }),
  def('time.clock', 1, ([v]) => {
    const { ns, zone } = nsAndZone('time.clock', v!);
    const f = fields('time.clock', ns, zone);
    return [BigInt(f.h), BigInt(f.mi), BigInt(f.s)];
  }),
  def('time.weekday', 1, ([v]) => {
    const { ns, zone } = nsAndZone('time.weekday', v!);
    return DAYS[fields('time.weekday', ns, zone).wd]!;
  }),
  def('time.add_date', 4, (args) => {
    const ns = int('time.add_date', args, 0);
    const [y, m, d] = [1, 2, 3].map((i) => Number(int('time.add_date', args, i)));
    const msPart = ns / NS_PER_MS;
    const rest = ns % NS_PER_MS;
    const date = new Date(Number(msPart));
    date.setUTCFullYear(
      date.getUTCFullYear() + y!,
      date.getUTCMonth() + m!,
      date.getUTCDate() + d!,
    );
    if (Number.isNaN(date.getTime()))
      throw new BuiltinError('eval_builtin_error', 'time.add_date: time outside of valid range');
    return BigInt(date.getTime()) * NS_PER_MS + rest;
  }),
];
