// Child process of sbom.bench.ts: one image cataloged in-process (the work of `sigil sbom`,
// CycloneDX rendering included), reporting its wall time and this process's peak RSS.
import { openImageSource } from '../../src/oci/index.ts';
import { catalogImage, renderImageSbom } from '../../src/sbom/index.ts';

const [ref] = process.argv.slice(2) as [string];
const start = performance.now();
const src = await openImageSource(ref);
const { image, catalog } = await catalogImage(src);
const text = renderImageSbom('cyclonedx-json', { reference: ref, image, catalog });
await src.close();
const ms = performance.now() - start;
process.stdout.write(
  JSON.stringify({
    ms,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    packages: catalog.packages.length,
    bytes: text.length,
  }) + '\n',
);
