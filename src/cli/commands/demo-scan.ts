import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openImageSource } from '../../oci/index.ts';
import { countBySeverity, scanImage, SEVERITIES, severityRank } from '../../scan/index.ts';
import { AdvisoryDb, importSources } from '../../vulndb/index.ts';
import type { CommandContext, OptionValues } from '../command.ts';
import { registryOptions } from '../image-options.ts';

/** The bundled advisory set (real Debian 12 OSV records; see samples/advisories/PROVENANCE.md). */
export const SAMPLE_ADVISORIES = fileURLToPath(
  new URL('../../../samples/advisories', import.meta.url),
);

const TOP = 5;

/**
 * The demo's scan step: import the bundled advisories into a fresh database under `out` and
 * scan the image against it, offline. Prints counts by severity and the top findings.
 */
export async function scanStep(
  ctx: CommandContext,
  values: OptionValues,
  image: string,
  out: string,
  say: (s: string) => void,
  step: number,
): Promise<void> {
  const db = AdvisoryDb.open(join(out, 'advisories.sqlite'), { create: true });
  try {
    const stats = importSources(db, [SAMPLE_ADVISORIES]);
    const src = await openImageSource(image, registryOptions(ctx, values));
    const result = await scanImage(src, { db }).finally(() => src.close());
    const counts = countBySeverity(result.findings);
    say(`\n${step}. scan (against ${stats.read} bundled advisories, offline)`);
    say(`   ${result.findings.length} finding(s) in ${result.packageCount} packages`);
    say(`   ${SEVERITIES.map((s) => `${s} ${counts[s]}`).join(', ')}`);
    const top = [...result.findings]
      .sort(
        (a, b) =>
          severityRank(b.severity) - severityRank(a.severity) || (b.score ?? 0) - (a.score ?? 0),
      )
      .slice(0, TOP);
    for (const f of top) {
      const fix = f.fixedVersions.length > 0 ? `fixed in ${f.fixedVersions.at(-1)}` : 'no fix yet';
      say(
        `   ${f.severity.padEnd(8)} ${f.id.padEnd(22)} ${f.package.name} ${f.package.version} (${fix})`,
      );
    }
  } finally {
    db.close();
  }
}
