import { createDockerArchiveDestination, openDockerArchive } from './docker-archive/index.ts';
import { parseImageLocation, type ImageLocation } from './image-location.ts';
import { createOciLayoutDestination, openOciLayout } from './layout/index.ts';
import { parseReference } from './reference.ts';
import {
  openRegistryDestination,
  openRegistrySource,
  type RegistryImageOptions,
} from './registry/index.ts';
import type { ImageDestination, ImageSource, TagLister } from './transport.ts';

/** Options for opening images on any transport; the registry ones apply to registries only. */
export type OpenImageOptions = Omit<RegistryImageOptions, 'mountFrom'>;

export type OpenedSource = ImageSource & Partial<TagLister>;

/**
 * Open an image for reading, whatever transport names it.
 *
 * @example
 *   const src = await openImageSource('oci:./layout:app');
 *   const resolved = await resolveImage(src, { platform: parsePlatform('linux/arm64') });
 */
export async function openImageSource(
  name: string | ImageLocation,
  opts: OpenImageOptions = {},
): Promise<OpenedSource> {
  const loc = typeof name === 'string' ? parseImageLocation(name) : name;
  switch (loc.transport) {
    case 'registry':
      return openRegistrySource(parseReference(loc.reference), opts);
    case 'oci':
      return openOciLayout(loc.dir, ociRef(loc));
    case 'docker-archive':
      return openDockerArchive(loc.file, archiveRef(loc));
  }
}

/**
 * Open an image for writing. `from` names the source, so that a copy within one registry
 * mounts blobs instead of uploading them.
 */
export async function openImageDestination(
  name: string | ImageLocation,
  opts: OpenImageOptions & { readonly from?: ImageLocation } = {},
): Promise<ImageDestination> {
  const loc = typeof name === 'string' ? parseImageLocation(name) : name;
  switch (loc.transport) {
    case 'registry': {
      const { from, ...rest } = opts;
      const mountFrom = from?.transport === 'registry' ? parseReference(from.reference) : undefined;
      return openRegistryDestination(parseReference(loc.reference), { ...rest, mountFrom });
    }
    case 'oci':
      return createOciLayoutDestination(loc.dir, loc.tag === undefined ? {} : { tag: loc.tag });
    case 'docker-archive':
      return createDockerArchiveDestination(loc.file, archiveRef(loc));
  }
}

function ociRef(loc: Extract<ImageLocation, { transport: 'oci' }>) {
  return {
    ...(loc.tag === undefined ? {} : { tag: loc.tag }),
    ...(loc.digest === undefined ? {} : { digest: loc.digest }),
  };
}

function archiveRef(loc: Extract<ImageLocation, { transport: 'docker-archive' }>) {
  return loc.reference === undefined ? {} : { reference: loc.reference };
}
