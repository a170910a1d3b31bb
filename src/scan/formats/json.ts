import { SEVERITIES, type Severity } from '../severity.ts';
import type { ScanFinding } from '../types.ts';
import type { ReportFormat } from './types.ts';

/** The schema name of Sigil's own JSON report (documented in src/scan/README.md). */
export const SCAN_JSON_SCHEMA = 'sigil.scan/v1';

/** `sigil.scan/v1`: the scan result as it is, under a schema name. */
export const jsonFormat: ReportFormat = {
  name: 'json',
  render(result, opts) {
    const doc = {
      schema: SCAN_JSON_SCHEMA,
      tool: { name: 'sigil', version: opts.toolVersion },
      target: result.target,
      packageCount: result.packageCount,
      summary: countBySeverity(result.findings),
      findings: result.findings.map((f) => ({ ...f, suppressed: f.suppressed ?? null })),
      unmatched: result.unmatched,
      warnings: result.warnings,
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
  },
};

/** Counts of unsuppressed findings per severity, every severity present. */
export function countBySeverity(findings: readonly ScanFinding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (f.suppressed === undefined) counts[f.severity]++;
  return counts;
}
