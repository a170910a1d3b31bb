/**
 * The abstract input of the layer merge: one entry stream per layer, in the order the image
 * manifest lists them (bottom first). A tar reader, a directory walker or a test fixture can
 * produce it; nothing here depends on how.
 */
export type LayerEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface LayerEntry {
  /** Name as stored in the layer (`./etc/passwd`, `usr/bin/`); normalised by the merge. */
  readonly path: string;
  readonly type: LayerEntryType;
  /** Symlink target (as written) or hard-link target (a path in the layer). */
  readonly linkname?: string;
  /** Declared content size in bytes (0 for non-files). */
  readonly size: number;
  /** Permission bits when the source knows them (tar header mode); lets probes pick executables. */
  readonly mode?: number;
  /**
   * The entry's content. Called at most once, and only for files a cataloger wants, before
   * the iterator advances; a stream-backed source may skip the bytes of entries never read.
   */
  read(): Promise<Buffer>;
}

export interface Layer {
  /** Layer digest (or another id) recorded as the origin of each file. */
  readonly digest: string;
  readonly entries: AsyncIterable<LayerEntry>;
}

/**
 * Looks at files nobody keeps (executables, archives) while they stream past, and keeps only
 * a small summary of each: a Go binary's build info, a jar's pom.properties. The file's bytes
 * are held for the call only, so memory stays bounded by `maxBytes`, not by the layer.
 */
export interface FileProbe {
  /** Cheap test per regular file; `mode` is undefined when the source does not know it. */
  wants(path: string, size: number, mode: number | undefined): boolean;
  /** Files larger than this are not read for the probe. */
  readonly maxBytes: number;
  /** The summary to keep, or undefined when the file holds nothing of interest. */
  extract(bytes: Buffer): Uint8Array | undefined;
}
