// `npm run bench`: run every bench/*.bench.ts in its own process, one after another (so they do
// not compete for the 2 cores), forwarding what they print. Benchmarks print numbers and ratios
// against a baseline measured in the same run; they never pass or fail on a time.
// Usage: npm run bench [-- NAME_FILTER]
import { readdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = (await readdir(dir))
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n## ${file}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(dir, file)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`(${file} exited with ${r.status ?? r.signal})\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
