import { bad, parseMetrics, type MetricSpec } from './metrics.ts';
import { MACRO_VECTOR_SCORES, MAX_COMPOSED, MAX_SEVERITY, METRIC_LEVELS } from './v4-tables.ts';

// CVSS v4.0 specification Table 23: every metric, in the order a vector must list them.
const SPEC: MetricSpec = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  AT: ['N', 'P'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'P', 'A'],
  VC: ['H', 'L', 'N'],
  VI: ['H', 'L', 'N'],
  VA: ['H', 'L', 'N'],
  SC: ['H', 'L', 'N'],
  SI: ['H', 'L', 'N'],
  SA: ['H', 'L', 'N'],
  E: ['X', 'A', 'P', 'U'],
  CR: ['X', 'H', 'M', 'L'],
  IR: ['X', 'H', 'M', 'L'],
  AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MAT: ['X', 'N', 'P'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'P', 'A'],
  MVC: ['X', 'H', 'L', 'N'],
  MVI: ['X', 'H', 'L', 'N'],
  MVA: ['X', 'H', 'L', 'N'],
  MSC: ['X', 'H', 'L', 'N'],
  MSI: ['X', 'S', 'H', 'L', 'N'],
  MSA: ['X', 'S', 'H', 'L', 'N'],
  S: ['X', 'N', 'P'],
  AU: ['X', 'N', 'Y'],
  R: ['X', 'A', 'U', 'I'],
  V: ['X', 'D', 'C'],
  RE: ['X', 'L', 'M', 'H'],
  U: ['X', 'Clear', 'Green', 'Amber', 'Red'],
};
const BASE = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'];
const THREAT = ['E'];
const ENVIRONMENTAL = [
  'CR',
  'IR',
  'AR',
  'MAV',
  'MAC',
  'MAT',
  'MPR',
  'MUI',
  'MVC',
  'MVI',
  'MVA',
  'MSC',
  'MSI',
  'MSA',
];
// Unset threat/requirement metrics count as their worst case (§8.1).
const WORST_CASE: Readonly<Record<string, string>> = { E: 'A', CR: 'H', IR: 'H', AR: 'H' };
const STEP = 0.1;

export type CvssV4Nomenclature = 'CVSS-B' | 'CVSS-BT' | 'CVSS-BE' | 'CVSS-BTE';

/**
 * Score of a CVSS v4.0 vector per the specification §8 (MacroVector lookup, then interpolation
 * by the severity distance to the highest-severity vector of the MacroVector), including the
 * threat and environmental metrics the vector sets; `nomenclature` says which were used.
 */
export function scoreV4(vector: string): { score: number; nomenclature: CvssV4Nomenclature } {
  if (!vector.startsWith('CVSS:4.0/')) throw bad('CVSS v4.0', 'must start with CVSS:4.0/');
  const metrics = parseMetrics(vector.slice('CVSS:4.0/'.length), SPEC, BASE, true, 'CVSS v4.0');
  const set = (k: string): boolean => (metrics.get(k) ?? 'X') !== 'X';
  const nomenclature =
    `CVSS-B${THREAT.some(set) ? 'T' : ''}${ENVIRONMENTAL.some(set) ? 'E' : ''}` as CvssV4Nomenclature;
  return { score: computeScore(metrics), nomenclature };
}

function effective(metrics: ReadonlyMap<string, string>, metric: string): string {
  const own = metrics.get(metric) ?? 'X';
  if (own === 'X' && Object.hasOwn(WORST_CASE, metric)) return WORST_CASE[metric]!;
  const modified = metrics.get(`M${metric}`);
  if (modified !== undefined && modified !== 'X') return modified;
  return own;
}

function macroVector(eff: (m: string) => string, metrics: ReadonlyMap<string, string>): number[] {
  const [av, pr, ui] = [eff('AV'), eff('PR'), eff('UI')];
  const eq1 =
    av === 'N' && pr === 'N' && ui === 'N'
      ? 0
      : (av === 'N' || pr === 'N' || ui === 'N') && av !== 'P'
        ? 1
        : 2;
  const eq2 = eff('AC') === 'L' && eff('AT') === 'N' ? 0 : 1;
  const [vc, vi, va] = [eff('VC'), eff('VI'), eff('VA')];
  const eq3 = vc === 'H' && vi === 'H' ? 0 : vc === 'H' || vi === 'H' || va === 'H' ? 1 : 2;
  const msi = metrics.get('MSI');
  const msa = metrics.get('MSA');
  const eq4 =
    msi === 'S' || msa === 'S'
      ? 0
      : eff('SC') === 'H' || eff('SI') === 'H' || eff('SA') === 'H'
        ? 1
        : 2;
  const e = eff('E');
  const eq5 = e === 'A' ? 0 : e === 'P' ? 1 : 2;
  const eq6 =
    (eff('CR') === 'H' && vc === 'H') ||
    (eff('IR') === 'H' && vi === 'H') ||
    (eff('AR') === 'H' && va === 'H')
      ? 0
      : 1;
  return [eq1, eq2, eq3, eq4, eq5, eq6];
}

function lookup(eqs: readonly number[]): number {
  return MACRO_VECTOR_SCORES.get(eqs.join('')) ?? NaN;
}

function bump(eqs: readonly number[], ...indexes: number[]): number[] {
  return eqs.map((v, i) => (indexes.includes(i) ? v + 1 : v));
}

// Score of the next lower MacroVector for EQ3+EQ6, which move together (§8.2).
function lowerEq3Eq6(eqs: readonly number[]): number {
  const [eq3, eq6] = [eqs[2], eqs[5]];
  if (eq3 === 0 && eq6 === 0) return Math.max(lookup(bump(eqs, 5)), lookup(bump(eqs, 2)));
  if (eq3 === 1 && eq6 === 0) return lookup(bump(eqs, 5));
  if (eq6 === 1 && (eq3 === 0 || eq3 === 1)) return lookup(bump(eqs, 2));
  return lookup(bump(eqs, 2, 5));
}

function parseMax(vector: string): Map<string, string> {
  return new Map(vector.split('/').map((p) => p.split(':') as [string, string]));
}

// Highest-severity vectors of the MacroVector, combined in the reference order.
function maxVectors(eqs: readonly number[]): Map<string, string>[] {
  const [eq1, eq2, eq3, eq4, eq5, eq6] = eqs as [number, number, number, number, number, number];
  const out: Map<string, string>[] = [];
  for (const a of MAX_COMPOSED.eq1[eq1]!)
    for (const b of MAX_COMPOSED.eq2[eq2]!)
      for (const c of MAX_COMPOSED.eq3[eq3]![eq6]!)
        for (const d of MAX_COMPOSED.eq4[eq4]!)
          for (const e of MAX_COMPOSED.eq5[eq5]!) out.push(parseMax(`${a}/${b}/${c}/${d}/${e}`));
  return out;
}

function computeScore(metrics: ReadonlyMap<string, string>): number {
  const eff = (m: string): string => effective(metrics, m);
  if (['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((m) => eff(m) === 'N')) return 0;
  const eqs = macroVector(eff, metrics);
  const value = lookup(eqs);
  let distances: Record<string, number> = {};
  for (const max of maxVectors(eqs)) {
    distances = {};
    for (const [m, levels] of Object.entries(METRIC_LEVELS)) {
      distances[m] = levels[eff(m)]! - levels[max.get(m)!]!;
    }
    if (Object.values(distances).every((d) => d >= 0)) break;
  }
  const d = (m: string): number => distances[m]!;
  const [eq1, eq2, eq3, eq4, , eq6] = eqs as [number, number, number, number, number, number];
  // (available scoring distance, current severity distance, depth) per EQ; EQ5 interpolates by 0.
  const parts: [number, number, number][] = [
    [value - lookup(bump(eqs, 0)), d('AV') + d('PR') + d('UI'), MAX_SEVERITY.eq1[eq1]! * STEP],
    [value - lookup(bump(eqs, 1)), d('AC') + d('AT'), MAX_SEVERITY.eq2[eq2]! * STEP],
    [
      value - lowerEq3Eq6(eqs),
      d('VC') + d('VI') + d('VA') + d('CR') + d('IR') + d('AR'),
      MAX_SEVERITY.eq3eq6[eq3]![eq6]! * STEP,
    ],
    [value - lookup(bump(eqs, 3)), d('SC') + d('SI') + d('SA'), MAX_SEVERITY.eq4[eq4]! * STEP],
  ];
  let existing = 0;
  let sum = 0;
  for (const [available, current, depth] of parts) {
    if (Number.isNaN(available)) continue;
    existing++;
    sum += available * (current / depth);
  }
  if (!Number.isNaN(value - lookup(bump(eqs, 4)))) existing++;
  const mean = existing === 0 ? 0 : sum / existing;
  return roundHalfUp(Math.max(0, Math.min(10, value - mean)));
}

// Round half up to one decimal; the small epsilon absorbs binary artefacts such as
// 8.6 - 7.15 = 1.4499999999999993 (as FIRST's reference calculator does).
function roundHalfUp(x: number): number {
  return Math.round((x + 1e-6) * 10) / 10;
}
