import { errorMessage, noEvents, type EventSink } from '../core/index.ts';
import { CATALOGERS } from './catalogers/index.ts';
import type { Cataloger } from './catalogers/types.ts';
import type { CatalogWarning } from './errors.ts';
import type { FileTree } from './layers/file-tree.ts';
import { MERGE_LIMITS, mergeLayers } from './layers/merge.ts';
import type { Layer } from './layers/types.ts';
import { detectOs, OS_RELEASE_PATHS, type OsInfo } from './os-release.ts';
import { comparePackages, type Package } from './package.ts';

export interface CatalogOptions {
  /** Catalogers to run (default: all of {@link CATALOGERS}). */
  readonly catalogers?: readonly Cataloger[];
  readonly events?: EventSink;
  readonly signal?: AbortSignal;
  /** Bounds passed to the layer merge. */
  readonly maxEntries?: number;
  readonly maxContentBytes?: number;
}

/** The inventory of one image. */
export interface Catalog {
  readonly os: OsInfo | undefined;
  /** Sorted by type, name, version, path. */
  readonly packages: readonly Package[];
  readonly warnings: readonly CatalogWarning[];
  readonly files: FileTree;
}

/**
 * Merge an image's layers (bottom first) and run every cataloger over the result.
 *
 * @example
 *   const { os, packages, warnings } = await catalogLayers(layers);
 */
export async function catalogLayers(
  layers: Iterable<Layer> | AsyncIterable<Layer>,
  options: CatalogOptions = {},
): Promise<Catalog> {
  const catalogers = options.catalogers ?? CATALOGERS;
  const osPaths = new Set<string>(OS_RELEASE_PATHS);
  const merged = await mergeLayers(layers, {
    wants: (path) => osPaths.has(path) || catalogers.some((c) => c.wants(path)),
    // Each wanting cataloger's own bound (default 8 MiB); the largest of them applies.
    maxFileBytes: (path) =>
      Math.max(
        0,
        ...catalogers
          .filter((c) => c.wants(path))
          .map((c) => c.maxFileBytes?.(path) ?? MERGE_LIMITS.maxFileBytes),
        osPaths.has(path) ? MERGE_LIMITS.maxFileBytes : 0,
      ),
    probes: new Map(catalogers.flatMap((c) => (c.probe ? [[c.name, c.probe] as const] : []))),
    ...(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {}),
    ...(options.maxContentBytes !== undefined ? { maxContentBytes: options.maxContentBytes } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const result = await catalogTree(merged.tree, options);
  return { ...result, warnings: [...merged.warnings, ...result.warnings] };
}

/** Run the catalogers over an already merged tree. */
export async function catalogTree(files: FileTree, options: CatalogOptions = {}): Promise<Catalog> {
  const events = options.events ?? noEvents;
  const os = detectOs(files);
  const packages: Package[] = [];
  const warnings: CatalogWarning[] = [];
  for (const cataloger of options.catalogers ?? CATALOGERS) {
    options.signal?.throwIfAborted();
    try {
      const result = await cataloger.catalog(files, {
        os,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      packages.push(...result.packages);
      warnings.push(...result.warnings);
    } catch (err) {
      // One broken cataloger must not cost the others' results.
      warnings.push({
        code: 'CATALOGER_FAILED',
        message: `${cataloger.name}: ${errorMessage(err)}`,
      });
    }
  }
  for (const w of warnings) events({ kind: 'warning', code: w.code, message: w.message });
  return { os, packages: packages.sort(comparePackages), warnings, files };
}
