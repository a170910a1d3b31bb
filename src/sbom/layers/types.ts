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
