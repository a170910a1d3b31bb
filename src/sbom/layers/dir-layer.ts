import { lstat, opendir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Layer, LayerEntry } from './types.ts';

/**
 * A directory on disk (an unpacked root file system) as one layer, walked depth first in
 * name order. Hard links are reported as plain files. Used for rootfs scans and tests.
 *
 * @example
 *   const { tree } = await mergeLayers([directoryLayer('./rootfs')], { wants });
 */
export function directoryLayer(root: string, digest = `dir:${root}`): Layer {
  return { digest, entries: walk(root, '') };
}

async function* walk(root: string, rel: string): AsyncGenerator<LayerEntry> {
  const dir = await opendir(join(root, rel));
  const names: string[] = [];
  for await (const d of dir) names.push(d.name);
  names.sort();
  for (const name of names) {
    const path = rel === '' ? name : `${rel}/${name}`;
    const abs = join(root, path);
    const st = await lstat(abs);
    if (st.isDirectory()) {
      yield { path, type: 'dir', size: 0, read: () => Promise.resolve(Buffer.alloc(0)) };
      yield* walk(root, path);
    } else if (st.isSymbolicLink()) {
      const linkname = await readlink(abs);
      yield {
        path,
        type: 'symlink',
        linkname,
        size: 0,
        read: () => Promise.resolve(Buffer.alloc(0)),
      };
    } else if (st.isFile()) {
      yield {
        path,
        type: 'file',
        size: st.size,
        mode: st.mode & 0o7777,
        read: () => readFile(abs),
      };
    } else {
      yield { path, type: 'other', size: 0, read: () => Promise.resolve(Buffer.alloc(0)) };
    }
  }
}
