// What every benchmark over the shared fixture images needs: where the layout is, its tagged
// entries, blob paths, the median of repeated runs, and a table printer.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const shared = process.env.SIGIL_SHARED_DIR ?? join(root, '..', 'shared');
export const layout = join(shared, 'fixtures', 'images', 'oci');

export interface Entry {
  readonly tag: string;
  readonly digest: string;
}

/** The layout's tagged entries, or undefined (after saying so) when the fixtures are absent. */
export function fixtureEntries(bench: string): Entry[] | undefined {
  if (!existsSync(join(layout, 'index.json'))) {
    console.log(`${bench}: shared fixture images not found at ${layout}; nothing to measure`);
    return undefined;
  }
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  return index.manifests.map((m) => ({
    digest: m.digest,
    tag: m.annotations?.['org.opencontainers.image.ref.name'] ?? m.digest,
  }));
}

export const blob = (digest: string) => join(layout, 'blobs', 'sha256', digest.slice(7));

export const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Print rows (first row: headings) as right-aligned columns. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
}
