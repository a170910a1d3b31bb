import { noEvents, type EventSink } from '../../core/index.ts';
import type { CatalogWarning, SbomErrorCode } from '../errors.ts';
import { heldBytes, MergedTree, type FileTree, type TreeNode } from './file-tree.ts';
import { MAX_PATH_BYTES, normaliseLayerPath } from './paths.ts';
import type { FileProbe, Layer, LayerEntry } from './types.ts';

/** OCI image-spec layer.md: a `.wh.` prefix marks a deleted name; `.wh..wh..opq` an opaque dir. */
export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_WHITEOUT = '.wh..wh..opq';

export const MERGE_LIMITS = {
  /** Entries over all layers; past it the merge stops reading and warns. */
  maxEntries: 2_000_000,
  /** Bytes kept for one wanted file unless `maxFileBytes` says otherwise. */
  maxFileBytes: 8 * 1024 * 1024,
  /** Bytes kept for all wanted files together. */
  maxContentBytes: 512 * 1024 * 1024,
} as const;

export interface MergeOptions {
  /** True for root-relative paths (`var/lib/dpkg/status`) whose bytes a cataloger needs. */
  readonly wants: (path: string) => boolean;
  /** Per-file byte bound for a wanted path (default MERGE_LIMITS.maxFileBytes). */
  readonly maxFileBytes?: (path: string) => number;
  readonly maxEntries?: number;
  readonly maxContentBytes?: number;
  /** Probes by name: they boil chosen files down to small summaries during the merge. */
  readonly probes?: ReadonlyMap<string, FileProbe>;
  readonly events?: EventSink;
  /** Stops the merge between entries (the layer streams are closed by the loop's exit). */
  readonly signal?: AbortSignal;
}

export interface MergeResult {
  readonly tree: FileTree;
  readonly warnings: readonly CatalogWarning[];
}

/**
 * Apply layers in order, bottom first, into one file tree, keeping metadata for every file
 * and bytes only for the files `wants` selects. Whiteouts and opaque directories follow the
 * OCI image-spec (layer.md, "Representing Changes"); names that climb out of the root are
 * dropped; absolute names are made root-relative. Nothing fails the merge except the layer
 * streams themselves: every oddity becomes a warning.
 *
 * @example
 *   const { tree, warnings } = await mergeLayers(layers, { wants: (p) => p === 'etc/os-release' });
 *   tree.read('etc/os-release');
 */
export async function mergeLayers(
  layers: Iterable<Layer> | AsyncIterable<Layer>,
  options: MergeOptions,
): Promise<MergeResult> {
  const state = new MergeState(options);
  for await (const layer of layers) {
    const index = state.tree.layerDigests.push(layer.digest) - 1;
    for await (const entry of layer.entries) {
      options.signal?.throwIfAborted();
      if (!state.countEntry()) break;
      await state.apply(entry, index);
    }
    (options.events ?? noEvents)({
      kind: 'progress',
      task: 'sbom-merge',
      id: layer.digest,
      done: index + 1,
      total: undefined,
    });
    if (state.stopped) break;
  }
  for (const path of state.tree.loops) {
    state.warn('SYMLINK_LOOP', `too many symbolic links while resolving ${path}`, path);
  }
  return { tree: state.tree, warnings: state.warnings };
}

class MergeState {
  readonly tree = new MergedTree();
  readonly warnings: CatalogWarning[] = [];
  stopped = false;
  private entries = 0;
  private readonly options: MergeOptions;
  private readonly maxEntries: number;
  private readonly maxContent: number;
  private readonly events: EventSink;

  constructor(options: MergeOptions) {
    this.options = options;
    this.maxEntries = options.maxEntries ?? MERGE_LIMITS.maxEntries;
    this.maxContent = options.maxContentBytes ?? MERGE_LIMITS.maxContentBytes;
    this.events = options.events ?? noEvents;
  }

  warn(code: SbomErrorCode, message: string, path?: string): void {
    this.warnings.push({ code, message, ...(path !== undefined ? { path } : {}) });
    this.events({ kind: 'warning', code, message });
  }

  countEntry(): boolean {
    if (++this.entries <= this.maxEntries) return true;
    this.stopped = true;
    this.warn(
      'LAYER_ENTRY_LIMIT',
      `image has more than ${this.maxEntries} layer entries; the rest were not read and the inventory is incomplete`,
    );
    return false;
  }

  async apply(entry: LayerEntry, layer: number): Promise<void> {
    const norm = normaliseLayerPath(entry.path);
    if (!norm.ok) {
      this.warn(
        'LAYER_PATH_UNSAFE',
        `layer entry ${JSON.stringify(entry.path)} skipped: ${norm.reason}`,
      );
      return;
    }
    if (norm.wasAbsolute) {
      this.warn(
        'LAYER_PATH_ABSOLUTE',
        `layer entry ${JSON.stringify(entry.path)} read as relative to the root`,
      );
    }
    const parts = norm.parts;
    const name = parts[parts.length - 1];
    if (name === undefined) return; // the root itself
    const parentParts = parts.slice(0, -1);
    if (name === OPAQUE_WHITEOUT) return this.opaque(parentParts, layer);
    if (name.startsWith(WHITEOUT_PREFIX)) {
      return this.whiteout(parentParts, name.slice(WHITEOUT_PREFIX.length), layer, entry.path);
    }
    const parent = this.tree.walkDirs(parentParts, { n: 0 }, layer);
    if (parent === 'loop' || parent === undefined) {
      this.warn(
        'SYMLINK_LOOP',
        `layer entry ${JSON.stringify(entry.path)} skipped: its directory is a symlink loop`,
      );
      return;
    }
    const path = [...parent.names, name].join('/');
    const existing = parent.dir.children!.get(name);
    const replaced = existing ? heldBytes(existing) : 0;
    const node = await this.nodeFor(entry, layer, path, parts.join('/'), replaced);
    if (node) this.tree.setChild(parent.dir, name, node);
  }

  private opaque(dirParts: string[], layer: number): void {
    const dir = this.tree.walkDirs(dirParts, { n: 0 }, layer);
    if (dir !== 'loop' && dir !== undefined) this.tree.prune(dir.dir, layer);
  }

  private whiteout(parentParts: string[], name: string, layer: number, raw: string): void {
    if (name === '' || name === '.' || name === '..') {
      this.warn('LAYER_PATH_UNSAFE', `whiteout ${JSON.stringify(raw)} names no file; ignored`);
      return;
    }
    const dir = this.tree.walkDirs(parentParts, { n: 0 });
    if (dir !== 'loop' && dir !== undefined) this.tree.prune(dir.dir, layer, name);
  }

  private async nodeFor(
    entry: LayerEntry,
    layer: number,
    path: string,
    rawPath: string,
    replacedBytes: number,
  ): Promise<TreeNode | undefined> {
    switch (entry.type) {
      case 'dir':
        return { kind: 'dir', layer, size: 0, children: new Map() };
      case 'symlink':
        if ((entry.linkname ?? '').length > MAX_PATH_BYTES) {
          this.warn('LAYER_LINK_INVALID', `symlink ${path} has an over-long target; skipped`, path);
          return undefined;
        }
        return { kind: 'symlink', layer, size: 0, linkname: entry.linkname ?? '' };
      case 'other':
        return { kind: 'other', layer, size: 0 };
      case 'hardlink':
        return this.hardlink(entry, layer, path);
      case 'file':
        return this.fileNode(entry, layer, path, rawPath, replacedBytes);
    }
  }

  // Reads a file once, and only when a cataloger wants its bytes or a probe its summary.
  private async fileNode(
    entry: LayerEntry,
    layer: number,
    path: string,
    rawPath: string,
    credit: number,
  ): Promise<TreeNode> {
    const size = Math.max(0, entry.size);
    const node: TreeNode = { kind: 'file', layer, size };
    const wanted = this.options.wants(path) || (path !== rawPath && this.options.wants(rawPath));
    const limit = this.options.maxFileBytes?.(path) ?? MERGE_LIMITS.maxFileBytes;
    const keep = wanted && this.admit(path, size, limit, credit);
    const probes = [...(this.options.probes ?? [])].filter(
      ([, p]) => size <= p.maxBytes && p.wants(path, size, entry.mode),
    );
    if (!keep && probes.length === 0) return node;
    const bytes = await entry.read();
    const bound = Math.max(keep ? limit : 0, ...probes.map(([, p]) => p.maxBytes));
    if (bytes.length > bound) {
      this.warn('FILE_TOO_LARGE', `${path} gave more bytes than it declared; not kept`, path);
      return node;
    }
    if (keep && bytes.length <= limit) node.content = bytes;
    for (const [name, probe] of probes) this.runProbe(node, name, probe, bytes, path);
    return node;
  }

  private runProbe(
    node: TreeNode,
    name: string,
    probe: FileProbe,
    bytes: Buffer,
    path: string,
  ): void {
    try {
      const summary = probe.extract(bytes);
      // A copy, so the summary does not pin the whole file's memory.
      if (summary) (node.probed ??= new Map()).set(name, Buffer.from(summary));
    } catch (err) {
      this.warn('PACKAGE_METADATA_INVALID', `${path}: ${name}: ${(err as Error).message}`, path);
    }
  }

  // A hard link shares its target's node data; tar writes the target earlier in the stream.
  private hardlink(entry: LayerEntry, layer: number, path: string): TreeNode | undefined {
    const target = normaliseLayerPath(entry.linkname ?? '');
    const found = target.ok ? this.tree.lookup(target.parts, false, { n: 0 }) : undefined;
    if (!found || found === 'loop' || found.node.kind === 'dir') {
      this.warn(
        'LAYER_LINK_INVALID',
        `hard link ${path} -> ${entry.linkname ?? ''} has no target`,
        path,
      );
      return undefined;
    }
    const t = found.node;
    if (!t.content && t.kind === 'file' && this.options.wants(path)) {
      this.warn('LAYER_LINK_INVALID', `hard link ${path}: the target's content was not kept`, path);
    }
    return {
      kind: t.kind,
      layer,
      size: t.size,
      ...(t.linkname !== undefined ? { linkname: t.linkname } : {}),
      ...(t.content ? { content: t.content } : {}),
      ...(t.probed ? { probed: new Map(t.probed) } : {}),
    };
  }

  private admit(path: string, size: number, limit: number, credit: number): boolean {
    if (size > limit) {
      this.warn(
        'FILE_TOO_LARGE',
        `${path} has ${size} bytes, over the ${limit}-byte bound; not read`,
        path,
      );
      return false;
    }
    if (this.tree.contentBytes - credit + size > this.maxContent) {
      this.warn(
        'CONTENT_BUDGET_EXCEEDED',
        `${path} not read: wanted files exceed ${this.maxContent} bytes`,
        path,
      );
      return false;
    }
    return true;
  }
}
