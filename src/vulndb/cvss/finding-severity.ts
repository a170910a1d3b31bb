import { isSigilError } from '../../core/index.ts';
import { scoreCvss, type CvssScore } from './score.ts';
import type { CvssSeverity } from './severity.ts';

/** One entry of an OSV `severity[]` list. */
export interface SeveritySource {
  readonly type: string;
  readonly score: string;
}

export type FindingSeverity =
  | { readonly kind: 'cvss'; readonly severity: CvssSeverity; readonly cvss: CvssScore }
  | { readonly kind: 'database'; readonly severity: CvssSeverity; readonly text: string }
  | { readonly kind: 'unknown'; readonly severity: 'UNKNOWN' };

const OSV_TYPES: Readonly<Record<string, readonly string[]>> = {
  CVSS_V4: ['4.0'],
  CVSS_V3: ['3.1', '3.0'],
  CVSS_V2: ['2.0'],
};
const PREFERENCE: readonly string[] = ['4.0', '3.1', '3.0', '2.0'];
const DATABASE_WORDS: Readonly<Record<string, CvssSeverity>> = {
  CRITICAL: 'CRITICAL',
  HIGH: 'HIGH',
  MODERATE: 'MEDIUM',
  MEDIUM: 'MEDIUM',
  LOW: 'LOW',
  NONE: 'NONE',
  NEGLIGIBLE: 'LOW',
};

/**
 * Sigil's one rule for a finding's severity, from the advisory's own data only:
 *
 * 1. the newest CVSS version among the `severity[]` entries that parses under its
 *    specification — v4.0, then v3.1, then v3.0, then v2.0 — rated by that version's scale.
 *    Pass the matched package's `affected[].severity` when the record has one, else the
 *    record's top-level `severity` (the OSV schema never sets both);
 * 2. otherwise the source's own rating in `database_specific.severity` (GitHub's
 *    LOW/MODERATE/HIGH/CRITICAL, MODERATE read as MEDIUM);
 * 3. otherwise UNKNOWN.
 * Unparseable vectors are skipped, not fatal: another entry may still rate the finding.
 */
export function findingSeverity(
  severity: readonly SeveritySource[] | undefined,
  databaseSpecific?: Readonly<Record<string, unknown>>,
): FindingSeverity {
  const scored: CvssScore[] = [];
  for (const s of Array.isArray(severity) ? severity.slice(0, 32) : []) {
    if (typeof s?.score !== 'string' || !Object.hasOwn(OSV_TYPES, s.type)) continue;
    try {
      const cvss = scoreCvss(s.score);
      if (OSV_TYPES[s.type]!.includes(cvss.version)) scored.push(cvss);
    } catch (err) {
      if (!isSigilError(err, 'CVSS_INVALID')) throw err;
    }
  }
  scored.sort((a, b) => PREFERENCE.indexOf(a.version) - PREFERENCE.indexOf(b.version));
  const best = scored[0];
  if (best) return { kind: 'cvss', severity: best.severity, cvss: best };
  const text = databaseSpecific?.['severity'];
  if (typeof text === 'string') {
    const word = DATABASE_WORDS[text.trim().toUpperCase()];
    if (word) return { kind: 'database', severity: word, text };
  }
  return { kind: 'unknown', severity: 'UNKNOWN' };
}
