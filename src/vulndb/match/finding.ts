import { findingSeverity, type SeveritySource } from '../cvss/index.ts';
import { normalizeName } from '../osv/index.ts';
import type { Finding, FindingReference } from './types.ts';

/** The advisory half of a finding: everything but the installed package. */
export type AdvisoryPart = Omit<Finding, 'package' | 'locations'>;

const MAX_REFERENCES = 64;
const MAX_SUMMARY = 400;
const CVE = /^CVE-\d{4}-\d{4,}$/;

/**
 * Reads the advisory fields of a finding from a record that matched, using the `affected[]`
 * entry for the matched package for severity (the OSV schema puts severity either there or at
 * the top level, never both).
 */
export function advisoryPart(
  record: Record<string, unknown>,
  ecosystem: string,
  name: string,
  fixedVersions: readonly string[],
): AdvisoryPart {
  const id = String(record['id']);
  const entry = matchedEntry(record, ecosystem, name);
  const severitySource = (
    asArray(entry?.['severity']).length > 0 ? entry?.['severity'] : record['severity']
  ) as SeveritySource[] | undefined;
  const rating = findingSeverity(
    asArray(severitySource) as SeveritySource[],
    asObject(record['database_specific']),
  );
  const aliases = strings(record['aliases']);
  return {
    id,
    aliases,
    cves: [
      ...new Set([id, ...aliases, ...strings(record['upstream'])].filter((s) => CVE.test(s))),
    ].sort(),
    summary: summaryOf(record),
    severity: rating.severity,
    score: rating.kind === 'cvss' ? rating.cvss.score : undefined,
    vectors: asArray(severitySource)
      .map((s) => asObject(s)?.['score'])
      .filter((s): s is string => typeof s === 'string'),
    fixedVersions,
    status: fixedVersions.length > 0 ? 'fixed' : 'unfixed',
    references: references(record['references']),
    modified: String(record['modified'] ?? ''),
  };
}

function matchedEntry(
  record: Record<string, unknown>,
  ecosystem: string,
  name: string,
): Record<string, unknown> | undefined {
  const base = ecosystem.split(':')[0] ?? '';
  for (const entry of asArray(record['affected'])) {
    const pkg = asObject(asObject(entry)?.['package']);
    if (pkg?.['ecosystem'] !== ecosystem || typeof pkg['name'] !== 'string') continue;
    if (normalizeName(base, pkg['name']) === name) return asObject(entry);
  }
  return undefined;
}

function summaryOf(record: Record<string, unknown>): string | undefined {
  const summary = record['summary'];
  if (typeof summary === 'string' && summary.trim() !== '')
    return summary.trim().slice(0, MAX_SUMMARY);
  const details = record['details'];
  if (typeof details !== 'string') return undefined;
  const line = details.trim().split('\n')[0]?.trim() ?? '';
  return line === '' ? undefined : line.slice(0, MAX_SUMMARY);
}

function references(v: unknown): FindingReference[] {
  const out: FindingReference[] = [];
  for (const r of asArray(v)) {
    const ref = asObject(r);
    if (typeof ref?.['url'] !== 'string' || typeof ref['type'] !== 'string') continue;
    out.push({ type: ref['type'], url: ref['url'] });
    if (out.length >= MAX_REFERENCES) break;
  }
  return out;
}

function strings(v: unknown): string[] {
  return asArray(v).filter((s): s is string => typeof s === 'string');
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}
