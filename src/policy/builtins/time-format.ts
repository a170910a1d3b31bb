/** Go's time.Format layouts (OPA's time.format), on nanosecond instants. */
import { DAYS, NS_PER_MS, fields } from './time-fields.ts';

export const LAYOUTS: Record<string, string> = {
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
export const MONTHS = [
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
export const GO_TOKENS =
  /January|Jan|Monday|Mon|2006|06|01|02|_2|15|03|04|05|PM|pm|MST|Z07:00|Z0700|-07:00|-0700|-07|\.0+|\.9+|,0+|,9+|1|2|3|4|5/g;

/** Go's time.Format for the layout elements policies use. */
export function goFormat(ns: bigint, zone: string, layout: string): string {
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
