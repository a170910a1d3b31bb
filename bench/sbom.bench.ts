// SBOM speed and memory. For each fixture image: Sigil's SBOM time (every layer streamed once
// through decompression, the tar reader, the merge and the catalogers; CycloneDX rendered) next
// to the floor measured in the same run — `gzip -dc | tar -t` over the same layer blobs — and
// Sigil's peak RSS, measured in a fresh child process per run, next to the largest layer's
// uncompressed size (RSS should not grow with it).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blob, fixtureEntries, layout, median, printTable, root } from './lib/fixtures.ts';

const RUNS = 3;
const entries = fixtureEntries('sbom');
if (entries === undefined) process.exit(0);

// Layers of the image Sigil catalogs by default (an index is followed to linux/amd64).
function layersOf(digest: string): string[] {
  const doc = JSON.parse(readFileSync(blob(digest), 'utf8')) as {
    manifests?: { digest: string; platform?: { os: string; architecture: string } }[];
    layers?: { digest: string }[];
  };
  if (doc.manifests) {
    const m = doc.manifests.find(
      (x) => x.platform?.os === 'linux' && x.platform.architecture === 'amd64',
    );
    return m ? layersOf(m.digest) : [];
  }
  return (doc.layers ?? []).map((l) => l.digest);
}

function floorMs(layers: string[]): number {
  const t = performance.now();
  for (const d of layers) {
    const r = spawnSync('sh', ['-c', 'gzip -dc "$1" | tar -t > /dev/null', 'sh', blob(d)]);
    if (r.status !== 0) throw new Error(`gzip | tar failed: ${r.stderr}`);
  }
  return performance.now() - t;
}

const uncompressedMiB = (d: string) =>
  Number(execFileSync('sh', ['-c', 'gzip -dc "$1" | wc -c', 'sh', blob(d)], { encoding: 'utf8' })) /
  1024 /
  1024;

const rows: string[][] = [
  [
    'image',
    'layers MiB',
    'largest layer MiB',
    'floor ms',
    'sigil ms',
    'sigil/floor',
    'peak RSS MiB',
    'packages',
  ],
];
for (const { tag, digest } of entries) {
  const layers = layersOf(digest);
  const mib = layers.reduce((n, d) => n + readFileSync(blob(d)).length, 0) / 1024 / 1024;
  const largest = Math.max(...layers.map(uncompressedMiB));
  const floor: number[] = [];
  const ours: number[] = [];
  const rss: number[] = [];
  let packages = 0;
  for (let i = 0; i < RUNS; i++) {
    floor.push(floorMs(layers));
    const child = spawnSync(
      process.execPath,
      ['--no-warnings', join(root, 'bench', 'lib', 'sbom-child.ts'), `oci:${layout}:${tag}`],
      { encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`sigil sbom failed: ${child.stderr}`);
    const m = JSON.parse(child.stdout) as { ms: number; maxRssMiB: number; packages: number };
    ours.push(m.ms);
    rss.push(m.maxRssMiB);
    packages = m.packages;
  }
  const f = median(floor);
  const o = median(ours);
  rows.push([
    tag,
    mib.toFixed(1),
    largest.toFixed(1),
    f.toFixed(1),
    o.toFixed(1),
    (o / f).toFixed(2),
    median(rss).toFixed(1),
    String(packages),
  ]);
}

printTable(rows);
console.log(
  `(median of ${RUNS} runs; sigil's time is measured inside its process, without Node's start-up; the floor is gzip -dc | tar -t per layer, process start-up included)`,
);
