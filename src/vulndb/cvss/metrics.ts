import { VulnDbError } from '../errors.ts';

/** Metric name → allowed values, in the order the specification lists the metrics. */
export type MetricSpec = Readonly<Record<string, readonly string[]>>;

/** Longest vector accepted; a full CVSS 4.0 vector with every metric is under 200 characters. */
export const MAX_VECTOR_LENGTH = 512;

/**
 * Splits `K:V/K:V/…` strictly: every metric known, every value allowed, no repeats, all of
 * `required` present; with `ordered`, metrics must follow the specification's order (CVSS 4.0
 * §7 requires it; 2.0 and 3.x vectors may list metrics in any order).
 */
export function parseMetrics(
  body: string,
  spec: MetricSpec,
  required: readonly string[],
  ordered: boolean,
  label: string,
): Map<string, string> {
  const names = Object.keys(spec);
  const out = new Map<string, string>();
  let last = -1;
  for (const part of body.split('/')) {
    const colon = part.indexOf(':');
    const key = colon > 0 ? part.slice(0, colon) : part;
    const value = colon > 0 ? part.slice(colon + 1) : '';
    const index = Object.hasOwn(spec, key) ? names.indexOf(key) : -1;
    if (index < 0) throw bad(label, `unknown metric ${JSON.stringify(key)}`);
    if (!spec[key]!.includes(value))
      throw bad(label, `invalid value ${JSON.stringify(value)} for ${key}`);
    if (out.has(key)) throw bad(label, `metric ${key} appears twice`);
    if (ordered && index < last) throw bad(label, `metric ${key} is out of order`);
    last = index;
    out.set(key, value);
  }
  for (const key of required) {
    if (!out.has(key)) throw bad(label, `missing base metric ${key}`);
  }
  return out;
}

export function bad(label: string, why: string): VulnDbError {
  return new VulnDbError('CVSS_INVALID', `invalid ${label} vector: ${why}`);
}
