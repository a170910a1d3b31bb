// Advisory database: import rate and match time over a database of ≥ 300,000 records generated
// from the real fixture advisories (ids, package names and range versions varied).
// Usage: node bench/vulndb.bench.ts [RECORDS]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdvisoryDb, importTexts, matchPackages, type MatchPackage } from '../src/vulndb/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RECORDS = path.join(root, 'src/vulndb/osv/fixtures/records');
const TOTAL = Number(process.argv[2] ?? 300_000);
/** Generated package names per template package: spreads records over realistic index sizes. */
const SPREAD = 400;

type Json = Record<string, unknown>;
const templates: Json[] = readdirSync(RECORDS, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(RECORDS, f), 'utf8')) as Json);

// Record i: template i mod T under a new id; every `SPREAD`-th copy keeps the real package name
// (so real packages see a few hundred advisories each), the others name `<pkg>-<k>`; the
// `introduced` bound varies so range evaluation does real work.
function generate(i: number): string {
  const t = templates[i % templates.length]!;
  const k = Math.floor(i / templates.length) % SPREAD;
  const affected = ((t['affected'] as Json[] | undefined) ?? []).map((a) => {
    const pkg = a['package'] as Json | undefined;
    return {
      ...a,
      package: pkg && { ...pkg, name: k === 0 ? pkg['name'] : `${String(pkg['name'])}-${k}` },
      ranges: ((a['ranges'] as Json[] | undefined) ?? []).map((r) => ({
        ...r,
        events: ((r['events'] as Json[] | undefined) ?? []).map((e) =>
          'introduced' in e && i % 3 === 1 ? { introduced: '0' } : e,
        ),
      })),
    };
  });
  return JSON.stringify({
    ...t,
    id: `${String(t['id'])}-B${i}`,
    modified: '2026-11-01T00:00:00Z',
    affected,
  });
}

function* texts(n: number): Generator<{ origin: string; text: string }> {
  for (let i = 0; i < n; i++) yield { origin: 'bench', text: generate(i) };
}

function packages(): MatchPackage[] {
  const out: MatchPackage[] = [];
  const cases = readFileSync(path.join(root, 'src/vulndb/osv/fixtures/summary-cases.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t'));
  const seen = new Set<string>();
  for (const [eco = '', name = '', version = ''] of cases) {
    for (const k of [0, 1, 2, 3, 7, 11, 50, 99]) {
      const n = k === 0 ? name : `${name}-${k}`;
      if (seen.has(`${eco}/${n}`)) continue;
      seen.add(`${eco}/${n}`);
      if (eco === 'Debian:12')
        out.push({ name: `lib${n}`, version, type: 'deb', sourceName: n, sourceVersion: version });
      else out.push({ name: n, version, type: eco === 'npm' ? 'npm' : 'pypi' });
    }
  }
  return out;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'sigil-vulndb-bench-'));
try {
  // Baseline: generating and parsing the same records, no database.
  let t0 = performance.now();
  let bytes = 0;
  for (const { text } of texts(Math.min(TOTAL, 50_000)))
    bytes += (JSON.parse(text) as Json) ? text.length : 0;
  const parseRate = Math.min(TOTAL, 50_000) / ((performance.now() - t0) / 1000);

  const db = AdvisoryDb.open(path.join(dir, 'db.sqlite'), { create: true });
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const stats = importTexts(db, texts(TOTAL), { batchSize: 10_000 });
  const importSeconds = (performance.now() - t0) / 1000;
  const importCpu = cpuSeconds(cpu0);
  const rate = stats.read / importSeconds;
  console.log(
    `records           ${stats.read} (${(bytes / Math.min(TOTAL, 50_000)).toFixed(0)} bytes of JSON each)`,
  );
  console.log(
    `import            ${importSeconds.toFixed(1)} s, ${rate.toFixed(0)} records/s (goal ≥ 20,000)`,
  );
  console.log(
    `import CPU        ${importCpu.toFixed(1)} s, ${(stats.read / importCpu).toFixed(0)} records per CPU second (wall time suffers on a shared machine)`,
  );
  console.log(
    `baseline          generate+JSON.parse only: ${parseRate.toFixed(0)} records/s (import = ${(rate / parseRate).toFixed(2)}× of it)`,
  );
  console.log(`database size     ${(statSync(db.path).size / 1024 / 1024).toFixed(0)} MiB`);

  const pkgs = packages();
  const distro = { id: 'debian', versionId: '12' };
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let findings = 0;
  for (let run = 0; run < 7; run++) {
    const t = performance.now();
    const c = process.cpuUsage();
    findings = matchPackages(db, pkgs, { distro }).findings.length;
    times.push(performance.now() - t);
    cpuTimes.push(cpuSeconds(c) * 1000);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`match             ${pkgs.length} packages → ${findings} findings`);
  console.log(
    `match time        first ${times[0]!.toFixed(1)} ms, median ${sorted[3]!.toFixed(1)} ms (goal < 100 ms)`,
  );
  console.log(
    `match CPU         first ${cpuTimes[0]!.toFixed(1)} ms, median ${[...cpuTimes].sort((a, b) => a - b)[3]!.toFixed(1)} ms`,
  );
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
