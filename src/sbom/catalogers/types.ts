import type { CatalogWarning } from '../errors.ts';
import type { FileTree } from '../layers/file-tree.ts';
import type { FileProbe } from '../layers/types.ts';
import type { OsInfo } from '../os-release.ts';
import type { Package } from '../package.ts';

/** What a cataloger gets besides the files: the detected OS (for purls). */
export interface CatalogContext {
  readonly os: OsInfo | undefined;
  readonly signal?: AbortSignal;
}

export interface CatalogResult {
  readonly packages: readonly Package[];
  readonly warnings: readonly CatalogWarning[];
}

/**
 * One package ecosystem's reader. `wants` is asked during the layer merge for every file
 * path (root-relative, no leading slash), so it must be cheap; `catalog` then reads only
 * those files from the merged tree. A file that looks like metadata but does not parse is a
 * warning naming the path, never a failure of the whole catalog.
 */
export interface Cataloger {
  readonly name: string;
  readonly version: string;
  wants(path: string): boolean;
  /** Per-file byte bound for a wanted path, when the default (8 MiB) does not fit. */
  maxFileBytes?(path: string): number;
  /** For files too many or too big to keep (binaries, archives): a summary taken while they stream. */
  readonly probe?: FileProbe;
  catalog(files: FileTree, ctx: CatalogContext): Promise<CatalogResult>;
}

/** Collects packages and warnings for one cataloger run. */
export class ResultBuilder {
  readonly packages: Package[] = [];
  readonly warnings: CatalogWarning[] = [];

  warn(code: CatalogWarning['code'], message: string, path?: string): void {
    this.warnings.push({ code, message, ...(path !== undefined ? { path } : {}) });
  }

  result(): CatalogResult {
    return { packages: this.packages, warnings: this.warnings };
  }
}
