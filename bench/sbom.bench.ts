// SBOM speed and memory. For each fixture image: Sigil's SBOM time (every layer streamed once
// through decompression, the tar reader, the merge and the catalogers; CycloneDX rendered) next
// to the floor measured in the same run — `gzip -dc | tar -t` over the same layer blobs — and
// Sigil's peak RSS, measured in a fresh child process per run, next to the largest layer's
// uncompressed size (RSS should not grow with it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = process.env.SIGIL_SHARED_DIR ?? join(root, '..', 'shared');
const layout = join(shared, 'fixtures', 'images', 'oci');
const RUNS = 3;

if (!existsSync(join(layout, 'index.json'))) {
  console.log(`sbom: shared fixture images not found at ${layout}; nothing to measure`);
  process.exit(0);
}

interface Entry {
  digest: string;
  annotations?: Record<string, string>;
}
const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as {
  manifests: Entry[];
};
const blob = (d: string) => join(layout, 'blobs', 'sha256', d.slice(7));

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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
for (const entry of index.manifests) {
  const tag = entry.annotations?.['org.opencontainers.image.ref.name'] ?? entry.digest;
  const layers = layersOf(entry.digest);
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

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
console.log(
  `(median of ${RUNS} runs; sigil's time is measured inside its process, without Node's start-up; the floor is gzip -dc | tar -t per layer, process start-up included)`,
);
