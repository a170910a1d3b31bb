import { splitPath } from './paths.ts';

/** Symlink hops followed in one lookup before giving up (Linux's own limit is 40). */
export const MAX_SYMLINK_HOPS = 40;

export type FileKind = 'file' | 'dir' | 'symlink' | 'other';

/** A file of the merged image as catalogers see it. */
export interface FileRecord {
  /** Root-relative path without a leading slash (`var/lib/dpkg/status`). */
  readonly path: string;
  readonly kind: FileKind;
  readonly size: number;
  readonly linkname?: string;
  /** Index of the layer that last wrote the file (0 = bottom). */
  readonly layerIndex: number;
  /** Digest of that layer. */
  readonly layerDigest: string | undefined;
  /** True when the bytes were kept (the file was wanted and within the size bounds). */
  readonly hasContent: boolean;
}

/** Read-only view of the merged file system: metadata for all files, bytes for wanted ones. */
export interface FileTree {
  /** Metadata of `path`; follows symlinks (also in the last component) unless `follow` is false. */
  stat(path: string, options?: { readonly follow?: boolean }): FileRecord | undefined;
  /** Kept bytes of the regular file at `path` (symlinks followed), or undefined. */
  read(path: string): Buffer | undefined;
  /** What the probe `name` kept from the regular file at `path` (symlinks followed). */
  probed(path: string, name: string): Buffer | undefined;
  /** Names in a directory (symlinks followed), sorted; undefined when it is no directory. */
  list(path: string): string[] | undefined;
  /** Every regular file, depth first in name order. */
  files(): Iterable<FileRecord>;
  /** Digests of the merged layers, bottom first. */
  readonly layerDigests: readonly string[];
}

export interface TreeNode {
  kind: FileKind;
  layer: number;
  size: number;
  linkname?: string;
  content?: Buffer;
  probed?: Map<string, Buffer>;
  children?: Map<string, TreeNode>;
}

interface DirWalk {
  readonly dir: TreeNode;
  readonly names: string[];
}

type Walked<T> = T | 'loop' | undefined;

/**
 * The merged file system. The layer merge mutates it through the methods marked internal;
 * catalogers only get the {@link FileTree} view.
 */
export class MergedTree implements FileTree {
  readonly layerDigests: string[] = [];
  readonly root: TreeNode = { kind: 'dir', layer: -1, size: 0, children: new Map() };
  contentBytes = 0;
  /** Paths whose lookup met a symlink loop, for the caller to report. */
  readonly loops = new Set<string>();
  private pruned = new WeakSet<TreeNode>();
  private prunedLayer = -1;

  stat(path: string, options?: { readonly follow?: boolean }): FileRecord | undefined {
    const found = this.lookup(splitPath(path), options?.follow ?? true, { n: 0 });
    if (found === 'loop') {
      this.loops.add(path);
      return undefined;
    }
    return found && this.record(found.names.join('/'), found.node);
  }

  read(path: string): Buffer | undefined {
    const found = this.lookup(splitPath(path), true, { n: 0 });
    if (found === 'loop') {
      this.loops.add(path);
      return undefined;
    }
    return found?.node.kind === 'file' ? found.node.content : undefined;
  }

  probed(path: string, name: string): Buffer | undefined {
    const found = this.lookup(splitPath(path), true, { n: 0 });
    if (found === 'loop') this.loops.add(path);
    return found && found !== 'loop' ? found.node.probed?.get(name) : undefined;
  }

  list(path: string): string[] | undefined {
    const found = this.lookup(splitPath(path), true, { n: 0 });
    if (found === 'loop') this.loops.add(path);
    if (!found || found === 'loop' || !found.node.children) return undefined;
    return [...found.node.children.keys()].sort();
  }

  *files(): Iterable<FileRecord> {
    const stack: [string, TreeNode][] = [['', this.root]];
    while (stack.length > 0) {
      const [path, node] = stack.pop()!;
      if (node.kind === 'file') yield this.record(path, node);
      if (!node.children) continue;
      const names = [...node.children.keys()].sort().reverse();
      for (const name of names) {
        stack.push([path === '' ? name : `${path}/${name}`, node.children.get(name)!]);
      }
    }
  }

  private record(path: string, node: TreeNode): FileRecord {
    return {
      path,
      kind: node.kind,
      size: node.size,
      ...(node.linkname !== undefined ? { linkname: node.linkname } : {}),
      layerIndex: node.layer,
      layerDigest: this.layerDigests[node.layer],
      hasContent: node.content !== undefined,
    };
  }

  /**
   * Resolve `parts` as a directory, following every symlink on the way within the root
   * (an absolute link target restarts at the image root, never the host's). With
   * `createLayer`, missing or non-directory components become directories of that layer,
   * as a tar extraction would make them.
   * @internal
   */
  walkDirs(parts: readonly string[], hops: { n: number }, createLayer?: number): Walked<DirWalk> {
    let queue = [...parts];
    const stack: TreeNode[] = [this.root];
    const names: string[] = [];
    for (let i = 0; i < queue.length; i++) {
      const name = queue[i]!;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        if (names.length > 0) {
          names.pop();
          stack.pop();
        }
        continue;
      }
      const dir = stack[stack.length - 1]!;
      let child = dir.children!.get(name);
      if (child?.kind === 'symlink') {
        if (++hops.n > MAX_SYMLINK_HOPS) return 'loop';
        const target = child.linkname ?? '';
        if (target.startsWith('/')) {
          stack.length = 1;
          names.length = 0;
        }
        queue = [...target.split('/'), ...queue.slice(i + 1)];
        i = -1;
        continue;
      }
      if (!child || child.kind !== 'dir') {
        if (createLayer === undefined) return undefined;
        if (child) this.release(child);
        child = { kind: 'dir', layer: createLayer, size: 0, children: new Map() };
        dir.children!.set(name, child);
      }
      stack.push(child);
      names.push(name);
    }
    return { dir: stack[stack.length - 1]!, names };
  }

  /** @internal Find a node; follows a symlink in the last component when `follow`. */
  lookup(
    parts: readonly string[],
    follow: boolean,
    hops: { n: number },
  ): Walked<{ node: TreeNode; names: string[] }> {
    const last = parts[parts.length - 1];
    if (last === undefined || last === '..' || last === '.') {
      const dir = this.walkDirs(parts, hops);
      return dir === 'loop' || dir === undefined ? dir : { node: dir.dir, names: dir.names };
    }
    const parent = this.walkDirs(parts.slice(0, -1), hops);
    if (parent === 'loop' || parent === undefined) return parent;
    const node = parent.dir.children!.get(last);
    if (!node) return undefined;
    if (node.kind === 'symlink' && follow) {
      if (++hops.n > MAX_SYMLINK_HOPS) return 'loop';
      const target = node.linkname ?? '';
      const base = target.startsWith('/') ? [] : parent.names;
      return this.lookup([...base, ...splitPath(target.replaceAll('/./', '/'))], true, hops);
    }
    return { node, names: [...parent.names, last] };
  }

  /** @internal Place `node` as `name` in `dir`, replacing what was there. */
  setChild(dir: TreeNode, name: string, node: TreeNode): void {
    const existing = dir.children!.get(name);
    if (existing?.kind === 'dir' && node.kind === 'dir') {
      // Re-declaring a directory keeps its contents (only metadata changes).
      existing.layer = node.layer;
      return;
    }
    if (existing) this.release(existing);
    this.contentBytes += heldBytes(node);
    dir.children!.set(name, node);
  }

  /**
   * @internal Hide what lower layers put under `dir` (or `dir`'s child `name`): content of
   * layers below `layer` goes, content the current layer already wrote stays (OCI
   * image-spec layer.md, "Whiteouts": a whiteout applies to lower layers only).
   */
  prune(dir: TreeNode, layer: number, name?: string): void {
    if (layer !== this.prunedLayer) {
      this.prunedLayer = layer;
      this.pruned = new WeakSet();
    }
    // A directory already cleared in this layer has no lower content left: repeated opaque
    // markers or whiteouts in a hostile layer must not walk the same subtree again and again.
    if (name === undefined) {
      if (this.pruned.has(dir)) return;
      this.pruned.add(dir);
    }
    const names = name === undefined ? [...dir.children!.keys()] : [name];
    for (const n of names) {
      const child = dir.children!.get(n);
      if (!child) continue;
      if (child.layer < layer) {
        this.release(child);
        dir.children!.delete(n);
      } else if (child.children) {
        this.prune(child, layer);
      }
    }
  }

  /** Forget the bytes held under a node that leaves the tree. */
  private release(node: TreeNode): void {
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      this.contentBytes -= heldBytes(n);
      if (n.children) stack.push(...n.children.values());
    }
  }
}

/** Bytes a node keeps in memory: wanted content plus probe results. */
export function heldBytes(node: TreeNode): number {
  let n = node.content?.length ?? 0;
  for (const b of node.probed?.values() ?? []) n += b.length;
  return n;
}
