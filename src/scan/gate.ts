import { severityRank, type Severity } from './severity.ts';
import type { ScanFinding } from './types.ts';

/** True when an unsuppressed finding is at or above `failOn` (the `--fail-on` gate). */
export function gateFails(findings: readonly ScanFinding[], failOn: Severity): boolean {
  const bar = severityRank(failOn);
  return findings.some((f) => f.suppressed === undefined && severityRank(f.severity) >= bar);
}
