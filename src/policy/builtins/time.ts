/** time.* builtins on nanosecond bigints; time zones through Intl (IANA names). */
import { BuiltinError } from '../errors.ts';
import { isNumber, type Value } from '../value.ts';
import { builtinError, def, int, str, typeError } from './args.ts';
import type { Builtin } from './types.ts';

const NS_PER_MS = 1_000_000n;
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

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

const LAYOUTS: Record<string, string> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
  Kitchen: '3:04PM',
  DateTime: '2006-01-02 15:04:05',
  DateOnly: '2006-01-02',
  TimeOnly: '15:04:05',
};
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const GO_TOKENS =
  /January|Jan|Monday|Mon|2006|06|01|02|_2|15|03|04|05|PM|pm|MST|Z07:00|Z0700|-07:00|-0700|-07|\.0+|\.9+|,0+|,9+|1|2|3|4|5/g;

/** Go's time.Format for the layout elements policies use. */
function goFormat(ns: bigint, zone: string, layout: string): string {
  const f = fields('time.format', ns, zone);
  const ms = Number(ns / NS_PER_MS) - (ns % NS_PER_MS < 0n ? 1 : 0);
  const offMin = Math.round(
    (Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s) - Math.floor(ms / 1000) * 1000) / 60000,
  );
  const frac = (((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n)
    .toString()
    .padStart(9, '0');
  const p2 = (n: number) => String(n).padStart(2, '0');
  const off = (sep: string, z: boolean) => {
    if (z && offMin === 0) return 'Z';
    const a = Math.abs(offMin);
    return (offMin < 0 ? '-' : '+') + p2(Math.floor(a / 60)) + sep + p2(a % 60);
  };
  return layout.replace(GO_TOKENS, (t) => {
    switch (t) {
      case 'January':
        return MONTHS[f.mo - 1]!;
      case 'Jan':
        return MONTHS[f.mo - 1]!.slice(0, 3);
      case 'Monday':
        return DAYS[f.wd]!;
      case 'Mon':
        return DAYS[f.wd]!.slice(0, 3);
      case '2006':
        return String(f.y).padStart(4, '0');
      case '06':
        return p2(f.y % 100);
      case '01':
        return p2(f.mo);
      case '1':
        return String(f.mo);
      case '02':
        return p2(f.d);
      case '_2':
        return String(f.d).padStart(2, ' ');
      case '2':
        return String(f.d);
      case '15':
        return p2(f.h);
      case '03':
        return p2(f.h % 12 === 0 ? 12 : f.h % 12);
      case '3':
        return String(f.h % 12 === 0 ? 12 : f.h % 12);
      case '04':
        return p2(f.mi);
      case '4':
        return String(f.mi);
      case '05':
        return p2(f.s);
      case '5':
        return String(f.s);
      case 'PM':
        return f.h >= 12 ? 'PM' : 'AM';
      case 'pm':
        return f.h >= 12 ? 'pm' : 'am';
      case 'MST':
        return zone === 'UTC' ? 'UTC' : off('', false);
      case 'Z07:00':
        return off(':', true);
      case 'Z0700':
        return off('', true);
      case '-07:00':
        return off(':', false);
      case '-0700':
        return off('', false);
      case '-07':
        return off('', false).slice(0, 3);
      default: {
        const digits = t.length - 1;
        const sep = t[0] === ',' ? ',' : '.';
        if (t[1] === '0') return sep + frac.slice(0, digits);
        const trimmed = frac.slice(0, digits).replace(/0+$/, '');
        return trimmed === '' ? '' : sep + trimmed;
      }
    }
  });
}

export const time: readonly Builtin[] = [
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
