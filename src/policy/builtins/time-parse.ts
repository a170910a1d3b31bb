/** Go's time.Parse for layouts (OPA's time.parse_ns) and the calendar difference time.diff. */
import { builtinError } from './args.ts';
import { NS_PER_MS, fields } from './time-fields.ts';
import { GO_TOKENS, LAYOUTS, MONTHS } from './time-format.ts';
import { DAYS } from './time-fields.ts';

interface Parsed {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  frac: bigint;
  pm?: boolean;
  offsetMin: number;
}

const NAME = 'time.parse_ns';

function fail(layout: string, value: string): Error {
  return builtinError(
    NAME,
    `parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse`,
  );
}

// Reads `re` at the start of `rest`; undefined when it does not match.
function take(rest: string, re: RegExp): string | undefined {
  return re.exec(rest)?.[0];
}

function lookupName(rest: string, names: readonly string[]): [number, string] | undefined {
  const lower = rest.toLowerCase();
  for (let i = 0; i < names.length; i++)
    if (lower.startsWith(names[i]!.toLowerCase())) return [i, rest.slice(0, names[i]!.length)];
  return undefined;
}

function offset(text: string): number {
  if (text === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

const FRACTION = /^[.,]\d+/;

// One layout element: stores the field in `p`, returns the consumed text or undefined.
function element(t: string, rest: string, p: Parsed): string | undefined {
  const num = (re: RegExp, set: (n: number) => void) => {
    const m = take(rest, re);
    if (m !== undefined) set(Number(m.trim()));
    return m;
  };
  switch (t) {
    case 'January':
    case 'Jan': {
      const names = t === 'Jan' ? MONTHS.map((m) => m.slice(0, 3)) : MONTHS;
      const hit = lookupName(rest, names);
      if (hit) p.mo = hit[0] + 1;
      return hit?.[1];
    }
    case 'Monday':
    case 'Mon':
      return lookupName(rest, t === 'Mon' ? DAYS.map((d) => d.slice(0, 3)) : DAYS)?.[1];
    case '2006':
      return num(/^\d{4}/, (n) => (p.y = n));
    case '06':
      return num(/^\d{2}/, (n) => (p.y = n >= 69 ? 1900 + n : 2000 + n));
    case '01':
      return num(/^\d{2}/, (n) => (p.mo = n));
    case '1':
      return num(/^\d{1,2}/, (n) => (p.mo = n));
    case '02':
      return num(/^\d{2}/, (n) => (p.d = n));
    case '_2':
      return num(/^ ?\d{1,2}/, (n) => (p.d = n));
    case '2':
      return num(/^\d{1,2}/, (n) => (p.d = n));
    case '15':
      return num(/^\d{1,2}/, (n) => (p.h = n));
    case '03':
      return num(/^\d{2}/, (n) => (p.h = n));
    case '3':
      return num(/^\d{1,2}/, (n) => (p.h = n));
    case '04':
      return num(/^\d{2}/, (n) => (p.mi = n));
    case '4':
      return num(/^\d{1,2}/, (n) => (p.mi = n));
    case '05':
    case '5': {
      const m = num(t === '05' ? /^\d{2}/ : /^\d{1,2}/, (n) => (p.s = n));
      // Go accepts a fractional second after the seconds even when the layout has none.
      const frac = m === undefined ? undefined : take(rest.slice(m.length), FRACTION);
      if (m === undefined || frac === undefined) return m;
      p.frac = BigInt((frac.slice(1) + '000000000').slice(0, 9));
      return m + frac;
    }
    case 'PM':
    case 'pm': {
      const m = take(rest, /^[AaPp][Mm]/);
      if (m !== undefined) p.pm = m.toUpperCase() === 'PM';
      return m;
    }
    case 'MST':
      return take(rest, /^[A-Z]{3,5}/);
    case 'Z07:00':
    case 'Z0700':
    case '-07:00':
    case '-0700':
    case '-07': {
      const re = {
        'Z07:00': /^(Z|[+-]\d{2}:\d{2})/,
        Z0700: /^(Z|[+-]\d{4})/,
        '-07:00': /^[+-]\d{2}:\d{2}/,
        '-0700': /^[+-]\d{4}/,
        '-07': /^[+-]\d{2}/,
      }[t];
      const m = take(rest, re);
      if (m !== undefined) p.offsetMin = offset(m);
      return m;
    }
    default: {
      // Fractional seconds: `.000` needs exactly that many digits, `.999` takes any.
      const m =
        t[1] === '0' ? take(rest, new RegExp(`^[.,]\\d{${t.length - 1}}`)) : take(rest, FRACTION);
      if (m !== undefined) p.frac = BigInt((m.slice(1) + '000000000').slice(0, 9));
      return t[1] === '9' && m === undefined ? '' : m;
    }
  }
}

function toNs(p: Parsed): bigint | undefined {
  const h = p.pm === undefined ? p.h : (p.h % 12) + (p.pm ? 12 : 0);
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > 31 || h > 23 || p.mi > 59 || p.s > 59)
    return undefined;
  const date = new Date(0);
  date.setUTCFullYear(p.y, p.mo - 1, p.d);
  date.setUTCHours(h, p.mi, p.s, 0);
  if (date.getUTCDate() !== p.d) return undefined;
  const ms = date.getTime();
  return (BigInt(ms) - BigInt(p.offsetMin * 60_000)) * NS_PER_MS + p.frac;
}

/** Nanoseconds since the epoch of `value` read with Go layout `layout` (or a layout name). */
export function goParse(layoutName: string, value: string): bigint {
  const layout = LAYOUTS[layoutName] ?? layoutName;
  const p: Parsed = { y: 0, mo: 1, d: 1, h: 0, mi: 0, s: 0, frac: 0n, offsetMin: 0 };
  let pos = 0;
  let rest = value;
  for (const m of layout.matchAll(GO_TOKENS)) {
    const literal = layout.slice(pos, m.index);
    if (!rest.startsWith(literal)) throw fail(layoutName, value);
    rest = rest.slice(literal.length);
    const used = element(m[0], rest, p);
    if (used === undefined) throw fail(layoutName, value);
    rest = rest.slice(used.length);
    pos = m.index + m[0].length;
  }
  if (rest !== layout.slice(pos)) throw fail(layoutName, value);
  const ns = toNs(p);
  if (ns === undefined) throw fail(layoutName, value);
  if (ns < -(2n ** 63n) || ns > 2n ** 63n - 1n)
    throw builtinError(NAME, 'time outside of valid range');
  return ns;
}

/**
 * OPA's time.diff: [years, months, days, hours, minutes, seconds] between two instants, both
 * read in the first one's zone, the earlier one first.
 */
export function calendarDiff(a: bigint, b: bigint, zone: string): bigint[] {
  const [t1, t2] = a > b ? [b, a] : [a, b];
  const f1 = fields('time.diff', t1, zone);
  const f2 = fields('time.diff', t2, zone);
  let [year, month, day, hour, min, sec] = [
    f2.y - f1.y,
    f2.mo - f1.mo,
    f2.d - f1.d,
    f2.h - f1.h,
    f2.mi - f1.mi,
    f2.s - f1.s,
  ];
  if (sec < 0) [sec, min] = [sec + 60, min - 1];
  if (min < 0) [min, hour] = [min + 60, hour - 1];
  if (hour < 0) [hour, day] = [hour + 24, day - 1];
  if (day < 0) {
    // Days in t1's month: day 32 rolls over by (32 - length).
    day += 32 - new Date(Date.UTC(f1.y, f1.mo - 1, 32)).getUTCDate();
    month--;
  }
  if (month < 0) [month, year] = [month + 12, year - 1];
  return [year, month, day, hour, min, sec].map((n) => BigInt(n));
}
