/** Calendar fields of nanosecond instants in IANA time zones (through Intl). */
import { builtinError } from './args.ts';

export const NS_PER_MS = 1_000_000n;
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// Calendar fields of an instant in a zone.
export function fields(
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
