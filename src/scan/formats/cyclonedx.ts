import { scoreCvss } from '../../vulndb/index.ts';
import type { ScanFinding, ScanResult } from '../types.ts';
import type { ReportFormat } from './types.ts';

const METHODS: Record<string, string> = {
  '2.0': 'CVSSv2',
  '3.0': 'CVSSv3',
  '3.1': 'CVSSv31',
  '4.0': 'CVSSv4',
};

/**
 * CycloneDX 1.6 with `vulnerabilities` (a VDR): the vulnerable packages as components, one
 * vulnerability per advisory with `affects` pointing at them. Suppressions become `analysis`
 * (`not_affected`; a VEX `fixed` becomes `resolved`).
 */
export const cyclonedxFormat: ReportFormat = {
  name: 'cyclonedx-json',
  render(result, opts) {
    const components = new Map<string, object>();
    for (const f of result.findings) {
      const ref = refOf(f);
      if (!components.has(ref)) {
        components.set(ref, {
          type: 'library',
          'bom-ref': ref,
          name: f.package.name,
          version: f.package.version,
          ...(f.package.purl ? { purl: f.package.purl } : {}),
        });
      }
    }
    const doc = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      metadata: {
        timestamp: opts.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        tools: { components: [{ type: 'application', name: 'sigil', version: opts.toolVersion }] },
        component: subject(result),
      },
      components: [...components.values()],
      vulnerabilities: vulnerabilities(result.findings),
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
  },
};

function subject(result: ScanResult) {
  return {
    type: result.target.kind === 'image' ? 'container' : 'application',
    'bom-ref': 'subject',
    name: result.target.name,
    ...(result.target.digest ? { version: result.target.digest } : {}),
  };
}

function refOf(f: ScanFinding): string {
  return f.package.purl ?? `${f.package.type}:${f.package.name}@${f.package.version}`;
}

// One vulnerability entry per (advisory, suppression state): CycloneDX puts `analysis` on the
// vulnerability, so suppressed and unsuppressed affects of one advisory are kept apart.
function vulnerabilities(findings: readonly ScanFinding[]) {
  const groups = new Map<string, ScanFinding[]>();
  for (const f of findings) {
    const key = `${f.id}\0${f.suppressed ? `${f.suppressed.kind}:${f.suppressed.reason}` : ''}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()].map((group, i) => {
    const f = group[0]!;
    return {
      'bom-ref': `vuln-${i + 1}`,
      id: f.id,
      source: { name: sourceName(f.id) },
      ...(f.cves.filter((c) => c !== f.id).length
        ? {
            references: f.cves
              .filter((c) => c !== f.id)
              .map((id) => ({
                id,
                source: { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` },
              })),
          }
        : {}),
      ratings: ratings(f),
      ...(f.summary ? { description: f.summary } : {}),
      ...(f.fixedVersions.length ? { recommendation: `Upgrade to ${f.fixedVersions.at(-1)}` } : {}),
      ...(f.references.length ? { advisories: f.references.map((r) => ({ url: r.url })) } : {}),
      ...(f.suppressed ? { analysis: analysis(f) } : {}),
      affects: [...new Set(group.map(refOf))].map((ref) => ({
        ref,
        versions: [
          { version: group.find((g) => refOf(g) === ref)!.package.version, status: 'affected' },
        ],
      })),
    };
  });
}

function ratings(f: ScanFinding) {
  const out: object[] = [];
  for (const vector of f.vectors) {
    try {
      const s = scoreCvss(vector);
      out.push({
        score: s.score,
        severity: s.severity.toLowerCase(),
        method: METHODS[s.version] ?? 'other',
        vector,
      });
    } catch {
      // An unreadable vector is left out; the finding's own severity below still rates it.
    }
  }
  if (out.length === 0)
    out.push({ severity: f.severity.toLowerCase() === 'none' ? 'none' : f.severity.toLowerCase() });
  return out;
}

function analysis(f: ScanFinding) {
  const s = f.suppressed!;
  return {
    state: s.kind === 'vex' && s.reason === 'fixed' ? 'resolved' : 'not_affected',
    detail: `${s.kind}: ${s.reason} (${s.source})`,
  };
}

function sourceName(id: string): string {
  if (id.startsWith('GHSA-')) return 'GitHub';
  if (id.startsWith('PYSEC-')) return 'PyPI';
  if (id.startsWith('DSA-') || id.startsWith('DLA-') || id.startsWith('DEBIAN-')) return 'Debian';
  if (id.startsWith('CVE-')) return 'NVD';
  return 'OSV';
}
