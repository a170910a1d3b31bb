/** time.* builtins on nanosecond bigints; time zones through Intl (IANA names). */
import { BuiltinError } from '../errors.ts';
import { isNumber, type Value } from '../value.ts';
import { builtinError, def, int, str, typeError } from './args.ts';
import type { Builtin } from './types.ts';
import { DAYS, NS_PER_MS, fields } from './time-fields.ts';
import { LAYOUTS, goFormat } from './time-format.ts';
import { calendarDiff, goParse } from './time-parse.ts';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Nanoseconds must fit Go's int64, as OPA's times do.
function checkedNs(name: string, n: bigint | number, msg: string): bigint {
  const ns =
    typeof n === 'bigint'
      ? n
      : Number.isFinite(n) && Math.abs(n) < 2 ** 63
        ? BigInt(Math.trunc(n))
        : INT64_MAX + 1n;
  if (ns < INT64_MIN || ns > INT64_MAX) throw builtinError(name, msg);
  return ns;
}

function nsAndZone(name: string, v: Value): { ns: bigint; zone: string; layout?: string } {
  if (isNumber(v)) return { ns: checkedNs(name, v, 'timestamp too big'), zone: 'UTC' };
  if (
    Array.isArray(v) &&
    (v.length === 2 || v.length === 3) &&
    isNumber(v[0]) &&
    typeof v[1] === 'string'
  ) {
    const layout = v[2];
    if (v.length === 3 && typeof layout !== 'string')
      throw typeError(name, 1, 'string (layout)', layout!);
    return {
      ns: checkedNs(name, v[0], 'timestamp too big'),
      zone: v[1] === '' ? 'UTC' : v[1],
      ...(typeof layout === 'string' ? { layout } : {}),
    };
  }
  throw typeError(name, 1, 'either number (ns) or [number (ns), string (tz)]', v);
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
  const ns = BigInt(ms - offsetMin * 60_000) * NS_PER_MS + frac;
  return checkedNs('time.parse_rfc3339_ns', ns, 'time outside of valid range');
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
  d: 86400e9,
  w: 7 * 86400e9,
  y: 365 * 86400e9,
};

function parseDuration(s: string): bigint {
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d|w|y))+$/.exec(s);
  if (!m && s !== '0')
    throw builtinError('time.parse_duration_ns', `time: invalid duration ${JSON.stringify(s)}`);
  if (s === '0') return 0n;
  let total = 0;
  for (const part of s.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w|y)/g))
    total += Number(part[1]) * DURATION_UNITS[part[2]!]!;
  return BigInt(Math.round(total)) * (m![1] === '-' ? -1n : 1n);
}

export const time: readonly Builtin[] = [
  def('time.parse_ns', 2, (args) =>
    goParse(str('time.parse_ns', args, 0), str('time.parse_ns', args, 1)),
  ),
  def('time.diff', 2, ([a, b]) => {
    const t1 = nsAndZone('time.diff', a!);
    const t2 = nsAndZone('time.diff', b!);
    return calendarDiff(t1.ns, t2.ns, t1.zone);
  }),
  // OPA's test helper; evaluation here never sleeps (time is fixed per evaluation anyway).
  def('test.sleep', 1, (args) => {
    parseDuration(str('test.sleep', args, 0));
    return null;
  }),
  def('time.format', 1, ([v]) => {
    const { ns, zone, layout } = nsAndZone('time.format', v!);
    return goFormat(ns, zone, LAYOUTS[layout ?? 'RFC3339Nano'] ?? layout ?? '');
  }),
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
    return checkedNs(
      'time.add_date',
      BigInt(date.getTime()) * NS_PER_MS + rest,
      'time outside of valid range',
    );
  }),
];
