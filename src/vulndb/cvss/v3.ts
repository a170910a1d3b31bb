import { bad, parseMetrics, type MetricSpec } from './metrics.ts';

const SPEC: MetricSpec = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'R'],
  S: ['U', 'C'],
  C: ['H', 'L', 'N'],
  I: ['H', 'L', 'N'],
  A: ['H', 'L', 'N'],
  E: ['X', 'H', 'F', 'P', 'U'],
  RL: ['X', 'U', 'W', 'T', 'O'],
  RC: ['X', 'C', 'R', 'U'],
  CR: ['X', 'H', 'M', 'L'],
  IR: ['X', 'H', 'M', 'L'],
  AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'R'],
  MS: ['X', 'U', 'C'],
  MC: ['X', 'H', 'L', 'N'],
  MI: ['X', 'H', 'L', 'N'],
  MA: ['X', 'H', 'L', 'N'],
};
const BASE = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'];

// CVSS v3.1 specification §7.4 metric values (identical in v3.0).
const AV: Readonly<Record<string, number>> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Readonly<Record<string, number>> = { L: 0.77, H: 0.44 };
const PR_UNCHANGED: Readonly<Record<string, number>> = { N: 0.85, L: 0.62, H: 0.27 };
const PR_CHANGED: Readonly<Record<string, number>> = { N: 0.85, L: 0.68, H: 0.5 };
const UI: Readonly<Record<string, number>> = { N: 0.85, R: 0.62 };
const CIA: Readonly<Record<string, number>> = { H: 0.56, L: 0.22, N: 0 };

/** v3.1 Appendix A Roundup: avoids floating-point artefacts (4.000000000000001 → 4.0). */
function roundup31(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

/** v3.0 §7.1 Round up: the smallest number, to one decimal place, not below the input. */
function roundup30(x: number): number {
  return Math.ceil(x * 10) / 10;
}

/**
 * Base score of a CVSS v3.0 or v3.1 vector (`CVSS:3.1/AV:N/…`), per the specification §7.1.
 * Temporal and environmental metrics are validated but do not change the base score.
 */
export function scoreV3(vector: string): { version: '3.0' | '3.1'; score: number } {
  const m = /^CVSS:3\.([01])\/(.*)$/s.exec(vector);
  if (!m) throw bad('CVSS v3', 'must start with CVSS:3.0/ or CVSS:3.1/');
  const version = m[1] === '0' ? '3.0' : '3.1';
  const metrics = parseMetrics(m[2]!, SPEC, BASE, false, `CVSS v${version}`);
  const get = (k: string): string => metrics.get(k)!;
  const changed = get('S') === 'C';
  const iss = 1 - (1 - CIA[get('C')]!) * (1 - CIA[get('I')]!) * (1 - CIA[get('A')]!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const pr = (changed ? PR_CHANGED : PR_UNCHANGED)[get('PR')]!;
  const exploitability = 8.22 * AV[get('AV')]! * AC[get('AC')]! * pr * UI[get('UI')]!;
  const roundup = version === '3.0' ? roundup30 : roundup31;
  if (impact <= 0) return { version, score: 0 };
  const score = changed
    ? roundup(Math.min(1.08 * (impact + exploitability), 10))
    : roundup(Math.min(impact + exploitability, 10));
  return { version, score };
}
