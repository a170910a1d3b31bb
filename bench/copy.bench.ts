// Copy speed and memory. For each fixture image: Sigil's `copy` (OCI layout → OCI layout, every
// blob verified against its digest while it streams) next to two baselines measured in the same
// run — the floor (plain file copies of the same blobs, no hashing) and skopeo 1.18 doing the
// same copy — and Sigil's peak RSS, which must not grow with the image's size.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blob, fixtureEntries, layout, median, printTable, root } from './lib/fixtures.ts';

const skopeo = process.env.SIGIL_SKOPEO ?? join(root, '.cache', 'tools', 'bin', 'skopeo');
const RUNS = 3;
const entries = fixtureEntries('copy');
if (entries === undefined) process.exit(0);

// Every blob an entry reaches (manifests, configs, layers, children of an index).
function blobsOf(digest: string, out = new Set<string>()): Set<string> {
  out.add(digest);
  const doc = JSON.parse(readFileSync(blob(digest), 'utf8')) as {
    manifests?: { digest: string }[];
    config?: { digest: string };
    layers?: { digest: string }[];
  };
  for (const m of doc.manifests ?? []) blobsOf(m.digest, out);
  if (doc.config) out.add(doc.config.digest);
  for (const l of doc.layers ?? []) out.add(l.digest);
  return out;
}

function timeIt(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const rows: string[][] = [
  [
    'image',
    'MiB',
    'floor ms',
    'skopeo ms',
    'sigil ms',
    'sigil/floor',
    'sigil/skopeo',
    'sigil peak RSS MiB',
  ],
];
for (const { tag, digest } of entries) {
  const blobs = [...blobsOf(digest)];
  const mib = blobs.reduce((n, d) => n + readFileSync(blob(d)).length, 0) / 1024 / 1024;
  const floor: number[] = [];
  const peer: number[] = [];
  const ours: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'sigil-bench-'));
    try {
      mkdirSync(join(dir, 'floor'));
      floor.push(
        timeIt(() => blobs.forEach((d) => copyFileSync(blob(d), join(dir, 'floor', d.slice(7))))),
      );
      if (existsSync(skopeo)) {
        peer.push(
          timeIt(() => {
            const r = spawnSync(skopeo, [
              '--insecure-policy',
              'copy',
              '-q',
              '--all',
              '--preserve-digests',
              `oci:${layout}:${tag}`,
              `oci:${join(dir, 'skopeo')}:${tag}`,
            ]);
            if (r.status !== 0) throw new Error(`skopeo failed: ${r.stderr}`);
          }),
        );
      }
      const child = spawnSync(
        process.execPath,
        [
          '--no-warnings',
          join(root, 'bench', 'lib', 'copy-child.ts'),
          `oci:${layout}:${tag}`,
          `oci:${join(dir, 'sigil')}:${tag}`,
        ],
        { encoding: 'utf8' },
      );
      if (child.status !== 0) throw new Error(`sigil copy failed: ${child.stderr}`);
      const m = JSON.parse(child.stdout) as { ms: number; maxRssMiB: number };
      ours.push(m.ms);
      rss.push(m.maxRssMiB);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const f = median(floor);
  const o = median(ours);
  const p = peer.length > 0 ? median(peer) : NaN;
  rows.push([
    tag,
    mib.toFixed(1),
    f.toFixed(1),
    Number.isNaN(p) ? 'n/a' : p.toFixed(1),
    o.toFixed(1),
    (o / f).toFixed(2),
    Number.isNaN(p) ? 'n/a' : (o / p).toFixed(2),
    median(rss).toFixed(1),
  ]);
}

printTable(rows);
console.log(
  `(median of ${RUNS} runs; sigil's time is measured inside its process, skopeo's includes its start-up; the floor copies without hashing)`,
);
