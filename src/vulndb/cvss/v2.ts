import { parseMetrics, type MetricSpec } from './metrics.ts';

const SPEC: MetricSpec = {
  AV: ['L', 'A', 'N'],
  AC: ['H', 'M', 'L'],
  Au: ['M', 'S', 'N'],
  C: ['N', 'P', 'C'],
  I: ['N', 'P', 'C'],
  A: ['N', 'P', 'C'],
  E: ['U', 'POC', 'F', 'H', 'ND'],
  RL: ['OF', 'TF', 'W', 'U', 'ND'],
  RC: ['UC', 'UR', 'C', 'ND'],
  CDP: ['N', 'L', 'LM', 'MH', 'H', 'ND'],
  TD: ['N', 'L', 'M', 'H', 'ND'],
  CR: ['L', 'M', 'H', 'ND'],
  IR: ['L', 'M', 'H', 'ND'],
  AR: ['L', 'M', 'H', 'ND'],
};
const BASE = ['AV', 'AC', 'Au', 'C', 'I', 'A'];

// CVSS v2 guide §3.2.1 weights.
const AV: Readonly<Record<string, number>> = { L: 0.395, A: 0.646, N: 1.0 };
const AC: Readonly<Record<string, number>> = { H: 0.35, M: 0.61, L: 0.71 };
const AU: Readonly<Record<string, number>> = { M: 0.45, S: 0.56, N: 0.704 };
const CIA: Readonly<Record<string, number>> = { N: 0, P: 0.275, C: 0.66 };

/** Base score of a CVSS v2 vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P`), per the v2 guide §3.2.1. */
export function scoreV2(vector: string): number {
  const m = parseMetrics(vector, SPEC, BASE, false, 'CVSS v2');
  const get = (k: string): string => m.get(k)!;
  const impact = 10.41 * (1 - (1 - CIA[get('C')]!) * (1 - CIA[get('I')]!) * (1 - CIA[get('A')]!));
  const exploitability = 20 * AV[get('AV')]! * AC[get('AC')]! * AU[get('Au')]!;
  const f = impact === 0 ? 0 : 1.176;
  const raw = (0.6 * impact + 0.4 * exploitability - 1.5) * f;
  return Math.round(raw * 10) / 10;
}
