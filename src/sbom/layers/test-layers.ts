import type { Layer, LayerEntry } from './types.ts';

/** Shorthand for building layers in memory: tests and the lead's adapters use it. */
export type EntrySpec =
  | string
  | { readonly path: string; readonly content: string | Buffer }
  | { readonly path: string; readonly symlink: string }
  | { readonly path: string; readonly hardlink: string };

/**
 * A layer from a list: a string ending in `/` is a directory, a bare string an empty file.
 *
 * @example memoryLayer('sha256:1', ['etc/', { path: 'etc/os-release', content: 'ID=debian\n' }])
 */
export function memoryLayer(digest: string, specs: readonly EntrySpec[]): Layer {
  const entries = specs.map(toEntry);
  return {
    digest,
    entries: (async function* () {
      yield* entries;
    })(),
  };
}

function toEntry(spec: EntrySpec): LayerEntry {
  const empty = () => Promise.resolve(Buffer.alloc(0));
  if (typeof spec === 'string') {
    return spec.endsWith('/')
      ? { path: spec, type: 'dir', size: 0, read: empty }
      : { path: spec, type: 'file', size: 0, read: empty };
  }
  if ('symlink' in spec)
    return { path: spec.path, type: 'symlink', linkname: spec.symlink, size: 0, read: empty };
  if ('hardlink' in spec)
    return { path: spec.path, type: 'hardlink', linkname: spec.hardlink, size: 0, read: empty };
  const bytes = Buffer.isBuffer(spec.content) ? spec.content : Buffer.from(spec.content);
  return { path: spec.path, type: 'file', size: bytes.length, read: () => Promise.resolve(bytes) };
}
