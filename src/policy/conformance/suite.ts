/** Run many compliance cases and compare with the committed known-failures list. */
import { readFileSync } from 'node:fs';
import type { ComplianceCase } from './cases.ts';
import { runCase, type CaseOutcome } from './run-case.ts';

export interface CaseRun {
  readonly c: ComplianceCase;
  readonly outcome: CaseOutcome;
}

export function runAll(cases: readonly ComplianceCase[]): CaseRun[] {
  return cases.map((c) => ({ c, outcome: runCase(c) }));
}

/** Known failures: `id<TAB>reason` per line; `#` lines are comments. */
export function readKnownFailures(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [id, ...reason] = line.split('\t');
    out.set(id!, reason.join('\t'));
  }
  return out;
}

export function formatKnownFailures(runs: readonly CaseRun[]): string {
  const header = [
    '# OPA compliance cases the engine does not pass yet: id<TAB>reason.',
    '# This list may only shrink. Regenerate with `npm run conformance -- --write-known-failures`.',
  ];
  const lines = runs
    .filter((r) => !r.outcome.pass)
    .map((r) => `${r.c.id}\t${r.outcome.pass ? '' : r.outcome.reason}`);
  return [...header, ...lines].join('\n') + '\n';
}

/** Differences between a run and the list: new failures and listed cases that now pass. */
export function diffKnown(
  runs: readonly CaseRun[],
  known: ReadonlyMap<string, string>,
): { newFailures: string[]; nowPassing: string[] } {
  const newFailures: string[] = [];
  const nowPassing: string[] = [];
  for (const r of runs) {
    const listed = known.has(r.c.id);
    if (!r.outcome.pass && !listed)
      newFailures.push(`${r.c.id} (${r.c.note}): ${r.outcome.reason}`);
    if (r.outcome.pass && listed) nowPassing.push(r.c.id);
  }
  return { newFailures, nowPassing };
}
