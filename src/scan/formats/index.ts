import { ScanError } from '../errors.ts';
import { cyclonedxFormat } from './cyclonedx.ts';
import { jsonFormat } from './json.ts';
import { sarifFormat } from './sarif.ts';
import { tableFormat } from './table.ts';
import type { ReportFormat } from './types.ts';

export { SCAN_JSON_SCHEMA, countBySeverity } from './json.ts';
export type { ReportFormat, RenderOptions } from './types.ts';

/** Every report format `sigil scan --format` knows, the default first. */
export const REPORT_FORMATS: readonly ReportFormat[] = [
  tableFormat,
  jsonFormat,
  sarifFormat,
  cyclonedxFormat,
];

export function reportFormat(name: string): ReportFormat {
  const f = REPORT_FORMATS.find((x) => x.name === name);
  if (f === undefined) {
    throw new ScanError(
      'FORMAT_UNKNOWN',
      `unknown format ${JSON.stringify(name)} (expected ${REPORT_FORMATS.map((x) => x.name).join(', ')})`,
    );
  }
  return f;
}
