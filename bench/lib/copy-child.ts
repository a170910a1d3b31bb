// Child process of copy.bench.ts: one `sigil copy` done in-process, reporting its wall time
// and the peak RSS of this process (so each measurement has a fresh heap).
import { copyImage, openImageDestination, openImageSource } from '../../src/oci/index.ts';

const [src, dst] = process.argv.slice(2) as [string, string];
const start = performance.now();
const source = await openImageSource(src);
await copyImage(source, await openImageDestination(dst), { allPlatforms: true });
await source.close();
const ms = performance.now() - start;
process.stdout.write(
  JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
