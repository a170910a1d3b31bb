import { ScanError } from './errors.ts';

/** Severities from most to least severe; `UNKNOWN` ranks lowest. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NONE', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more severe. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

/** Reads `critical`, `High`, … (case-insensitive); `MODERATE` is read as `MEDIUM`. */
export function parseSeverity(text: string): Severity {
  const up = text.trim().toUpperCase();
  const s = up === 'MODERATE' ? 'MEDIUM' : up;
  if (!(SEVERITIES as readonly string[]).includes(s)) {
    throw new ScanError(
      'SEVERITY_INVALID',
      `unknown severity ${JSON.stringify(text)} (expected ${SEVERITIES.join(', ').toLowerCase()})`,
    );
  }
  return s as Severity;
}

/** A comma-separated severity list (`high,critical`). */
export function parseSeverityList(text: string): Severity[] {
  return text
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(parseSeverity);
}
