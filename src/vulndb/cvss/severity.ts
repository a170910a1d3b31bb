/** Qualitative severity (CVSS v3.x/v4.0 specification §5 "Qualitative Severity Rating Scale"). */
export type CvssSeverity = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/**
 * The v3.x/v4.0 rating scale: 0.0 None, 0.1–3.9 Low, 4.0–6.9 Medium, 7.0–8.9 High,
 * 9.0–10.0 Critical.
 */
export function severityOf(score: number): CvssSeverity {
  if (score === 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

/** CVSS v2 has no rating scale of its own; NVD's is 0.0–3.9 Low, 4.0–6.9 Medium, 7.0–10.0 High. */
export function severityOfV2(score: number): CvssSeverity {
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  return 'HIGH';
}
