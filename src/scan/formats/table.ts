import { compareVersions } from '../../vulndb/index.ts';
import { SEVERITIES } from '../severity.ts';
import type { ScanFinding } from '../types.ts';
import { countBySeverity } from './json.ts';
import type { ReportFormat } from './types.ts';

/**
 * A terminal table grouped by package: one heading per installed package with the version to
 * upgrade to (the highest fixed version among its findings), then one line per advisory, and
 * the counts by severity at the end.
 */
export const tableFormat: ReportFormat = {
  name: 'table',
  render(result) {
    const lines: string[] = [];
    const groups = groupByPackage(result.findings);
    for (const [, findings] of groups) {
      const p = findings[0]!.package;
      const upgrade = upgradeTo(findings);
      const source =
        p.sourceName !== undefined && p.sourceName !== p.name
          ? ` (source ${p.sourceName} ${p.sourceVersion ?? p.version})`
          : '';
      lines.push(
        `${p.name} ${p.version} [${p.type}]${source}  ${upgrade ? `upgrade to ${upgrade}` : 'no fix available'}`,
      );
      for (const f of findings) {
        const cve = f.cves.find((c) => c !== f.id);
        const fix =
          f.fixedVersions.length > 0 ? `fixed in ${f.fixedVersions.join(', ')}` : 'unfixed';
        const mark = f.suppressed
          ? `  [suppressed: ${f.suppressed.kind} ${f.suppressed.reason}]`
          : '';
        const title = truncate(f.summary ?? '', 60);
        lines.push(
          `  ${f.severity.padEnd(8)} ${f.id}${cve ? ` (${cve})` : ''}  ${fix}${title ? `  ${title}` : ''}${mark}`,
        );
      }
    }
    if (groups.size === 0) lines.push('No vulnerabilities found.');
    const counts = countBySeverity(result.findings);
    const total = result.findings.filter((f) => f.suppressed === undefined).length;
    lines.push('');
    lines.push(
      `${total} finding${total === 1 ? '' : 's'} in ${result.packageCount} packages: ` +
        SEVERITIES.map((s) => `${s} ${counts[s]}`).join(', '),
    );
    return `${lines.join('\n')}\n`;
  },
};

function groupByPackage(findings: readonly ScanFinding[]): Map<string, ScanFinding[]> {
  const groups = new Map<string, ScanFinding[]>();
  for (const f of findings) {
    const key = `${f.package.purl ?? f.package.name}\0${f.package.version}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return groups;
}

// The highest fixed version across the package's unsuppressed findings (each advisory lists
// its fixes ascending); none when any of them has no fix yet.
function upgradeTo(findings: readonly ScanFinding[]): string | undefined {
  const lasts = findings
    .filter((f) => f.suppressed === undefined)
    .map((f) => f.fixedVersions[f.fixedVersions.length - 1]);
  if (lasts.length === 0 || lasts.some((v) => v === undefined)) return undefined;
  const ecosystem = findings[0]!.package.ecosystem;
  return [...new Set(lasts as string[])].sort((a, b) => compareIn(ecosystem, a, b)).at(-1);
}

// The ecosystem's own ordering; a version it cannot parse sorts by plain text.
function compareIn(ecosystem: string, a: string, b: string): number {
  try {
    return compareVersions(ecosystem, a, b);
  } catch {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}

function truncate(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= n ? one : `${one.slice(0, n - 1)}…`;
}
