import type { ScanFinding, ScanResult } from '../types.ts';
import type { ReportFormat } from './types.ts';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

// SARIF levels (§3.27.10): CRITICAL/HIGH fail a build as errors, MEDIUM warns, the rest notes.
const LEVELS: Record<ScanFinding['severity'], 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  NONE: 'note',
  UNKNOWN: 'note',
};

/**
 * SARIF 2.1.0: one rule per advisory (with GitHub's `security-severity` property), one result
 * per (advisory, package), located at the package's evidence file. Suppressed findings carry
 * an external suppression (§3.35).
 */
export const sarifFormat: ReportFormat = {
  name: 'sarif',
  render(result, opts) {
    const rules = rulesOf(result.findings);
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    const doc = {
      version: '2.1.0',
      $schema: SARIF_SCHEMA,
      runs: [
        {
          tool: {
            driver: {
              name: 'sigil',
              version: opts.toolVersion,
              rules,
            },
          },
          results: result.findings.map((f) => resultOf(f, ruleIndex.get(f.id) ?? 0, result)),
        },
      ],
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
  },
};

function rulesOf(findings: readonly ScanFinding[]) {
  const byId = new Map<string, ScanFinding>();
  for (const f of findings) if (!byId.has(f.id)) byId.set(f.id, f);
  return [...byId.values()].map((f) => ({
    id: f.id,
    shortDescription: { text: f.summary ?? f.id },
    fullDescription: {
      text: `${f.id}${f.cves.length ? ` (${f.cves.join(', ')})` : ''}: ${f.summary ?? 'no summary'}`,
    },
    ...(f.references[0] ? { helpUri: f.references[0].url } : {}),
    help: { text: f.references.map((r) => r.url).join('\n') || f.id },
    defaultConfiguration: { level: LEVELS[f.severity] },
    properties: {
      tags: ['security', 'vulnerability', f.severity.toLowerCase()],
      ...(f.score !== undefined ? { 'security-severity': f.score.toFixed(1) } : {}),
    },
  }));
}

function resultOf(f: ScanFinding, ruleIndex: number, result: ScanResult) {
  const p = f.package;
  const fix =
    f.fixedVersions.length > 0 ? `fixed in ${f.fixedVersions.join(', ')}` : 'no fix available';
  const where = f.locations[0]?.path ?? result.target.name;
  return {
    ruleId: f.id,
    ruleIndex,
    level: LEVELS[f.severity],
    message: {
      text: `${p.name} ${p.version} (${p.type}) is affected by ${f.id} [${f.severity}]; ${fix}`,
    },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: where.replace(/^\/+/, '') } },
        message: {
          text: `${result.target.name}${f.locations[0]?.layer ? ` layer ${f.locations[0].layer}` : ''}`,
        },
      },
    ],
    partialFingerprints: { 'sigil/v1': `${f.id}|${p.purl ?? p.name}|${p.version}` },
    ...(f.suppressed
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${f.suppressed.kind}: ${f.suppressed.reason} (${f.suppressed.source})`,
            },
          ],
        }
      : {}),
  };
}
