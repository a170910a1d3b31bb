import type { Readable } from 'node:stream';
import type { EventSink } from '../core/index.ts';
import {
  readLayer,
  resolveImage,
  type Descriptor,
  type ImageSource,
  type Platform,
  type ResolvedImage,
  type TarEntry,
} from '../oci/index.ts';
import { catalogLayers, type Catalog, type CatalogOptions } from './catalog.ts';
import type { Layer, LayerEntry, LayerEntryType } from './layers/types.ts';

export interface CatalogImageOptions extends Omit<CatalogOptions, 'signal' | 'events'> {
  readonly platform?: Platform;
  readonly events?: EventSink;
  readonly signal?: AbortSignal;
}

/** An image's inventory together with what was resolved to get it. */
export interface ImageCatalog {
  readonly image: ResolvedImage;
  readonly catalog: Catalog;
}

/**
 * Resolve an image (to one platform) and catalog it: every layer streamed once, bottom first,
 * through the layer merge and the catalogers.
 *
 * @example const { image, catalog } = await catalogImage(await openImageSource('oci:./l:app'));
 */
export async function catalogImage(
  src: ImageSource,
  opts: CatalogImageOptions = {},
): Promise<ImageCatalog> {
  const { platform, signal, events, ...rest } = opts;
  const image = await resolveImage(src, {
    ...(platform ? { platform } : {}),
    ...(signal ? { signal } : {}),
  });
  const layers = image.manifest.layers.map((desc) => imageLayer(src, desc, signal));
  const catalog = await catalogLayers(layers, {
    ...rest,
    ...(events ? { events } : {}),
    ...(signal ? { signal } : {}),
  });
  return { image, catalog };
}

/** One image layer as the merge's abstract entry stream. */
export function imageLayer(src: ImageSource, desc: Descriptor, signal?: AbortSignal): Layer {
  return {
    digest: desc.digest,
    entries: entries(src, desc, signal),
  };
}

async function* entries(
  src: ImageSource,
  desc: Descriptor,
  signal?: AbortSignal,
): AsyncGenerator<LayerEntry> {
  for await (const entry of readLayer(src, desc, signal ? { signal } : {})) {
    yield toLayerEntry(entry);
  }
}

const TYPES: Record<TarEntry['header']['type'], LayerEntryType> = {
  file: 'file',
  directory: 'dir',
  symlink: 'symlink',
  hardlink: 'hardlink',
  'char-device': 'other',
  'block-device': 'other',
  fifo: 'other',
  other: 'other',
};

function toLayerEntry({ header, body }: TarEntry): LayerEntry {
  const type = TYPES[header.type];
  return {
    path: header.path,
    type,
    ...(type === 'symlink' || type === 'hardlink' ? { linkname: header.linkname } : {}),
    size: type === 'file' ? header.size : 0,
    mode: header.mode,
    read: () => collect(body),
  };
}

// node:stream/consumers' buffer() goes through a Blob (two extra copies, and a third of the
// SBOM time of a node_modules-heavy image in the profile); gather the chunks directly.
async function collect(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
