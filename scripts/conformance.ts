/**
 * Runs OPA's compliance suite (v1 and v0) through the Rego engine and prints pass rates per
 * folder, per tier and overall. `--write-known-failures` rewrites the known-failures list;
 * `--folder NAME` restricts the run; `--failures` lists failing cases with reasons.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCases, loadTiers, sharedDir } from '../src/policy/conformance/cases.ts';
import {
  diffKnown,
  formatKnownFailures,
  readKnownFailures,
  runAll,
  type CaseRun,
} from '../src/policy/conformance/suite.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const knownFile = path.join(repoRoot, 'src/policy/conformance-known-failures.txt');
const { values } = parseArgs({
  options: {
    'write-known-failures': { type: 'boolean' },
    failures: { type: 'boolean' },
    folder: { type: 'string', multiple: true },
  },
});

const suite = path.join(sharedDir(repoRoot), 'opa-compliance');
const folders = values.folder ? new Set(values.folder) : undefined;
const tiers = loadTiers(suite);
const started = Date.now();
const runs = [
  ...runAll(loadCases(suite, 'v1', folders)),
  ...runAll(loadCases(suite, 'v0', folders)),
];
const seconds = ((Date.now() - started) / 1000).toFixed(1);

const pct = (p: number, n: number) => (n === 0 ? '-' : `${((100 * p) / n).toFixed(1)}%`);
const tally = (rs: readonly CaseRun[]) => ({
  pass: rs.filter((r) => r.outcome.pass).length,
  n: rs.length,
});

const byFolder = new Map<string, CaseRun[]>();
for (const r of runs) {
  const k = `${r.c.version}/${r.c.folder}`;
  byFolder.set(k, [...(byFolder.get(k) ?? []), r]);
}
const lines: string[] = [];
for (const [k, rs] of [...byFolder].sort()) {
  const t = tally(rs);
  const tier = tiers.get(k.split('/')[1]!) ?? 3;
  lines.push(
    `${k.padEnd(44)} tier ${tier}  ${String(t.pass).padStart(4)}/${String(t.n).padEnd(4)} ${pct(t.pass, t.n)}`,
  );
}
process.stdout.write(lines.join('\n') + '\n\n');
for (const version of ['v1', 'v0'] as const) {
  for (const tier of [1, 2, 3]) {
    const t = tally(
      runs.filter((r) => r.c.version === version && (tiers.get(r.c.folder) ?? 3) === tier),
    );
    process.stdout.write(`${version} tier ${tier}: ${t.pass}/${t.n} ${pct(t.pass, t.n)}\n`);
  }
  const t = tally(runs.filter((r) => r.c.version === version));
  process.stdout.write(`${version} overall: ${t.pass}/${t.n} ${pct(t.pass, t.n)}\n`);
}
const all = tally(runs);
process.stdout.write(`overall: ${all.pass}/${all.n} ${pct(all.pass, all.n)} in ${seconds}s\n`);

if (values.failures) {
  for (const r of runs)
    if (!r.outcome.pass) process.stdout.write(`${r.c.id}\t${r.c.note}\t${r.outcome.reason}\n`);
}
if (values['write-known-failures']) {
  if (folders) throw new Error('--write-known-failures needs a full run (no --folder)');
  writeFileSync(knownFile, formatKnownFailures(runs));
  process.stdout.write(`wrote ${knownFile}\n`);
} else if (!folders) {
  const d = diffKnown(runs, readKnownFailures(knownFile));
  for (const f of d.newFailures) process.stdout.write(`NEW FAILURE ${f}\n`);
  for (const p of d.nowPassing)
    process.stdout.write(`NOW PASSING (remove it from the list) ${p}\n`);
  if (d.newFailures.length + d.nowPassing.length > 0) process.exitCode = 1;
}
