import { PinError } from './errors.ts';
import { PIN_LIMITS } from './limits.ts';
import { locateCompose } from './compose.ts';
import { locateDockerfile } from './dockerfile.ts';
import { locateKubernetes } from './kubernetes.ts';
import { locateKustomization } from './kustomize.ts';
import type { FileKind, ImageReference, LocatedImage } from './types.ts';

const LOCATORS: Readonly<Record<FileKind, (text: string) => LocatedImage[]>> = {
  kubernetes: locateKubernetes,
  kustomization: locateKustomization,
  compose: locateCompose,
  dockerfile: locateDockerfile,
};

/** Located images with their edits, one per source range (aliases to one anchor count once). */
export function locateImages(text: string, kind: FileKind): LocatedImage[] {
  const locate = LOCATORS[kind] as ((t: string) => LocatedImage[]) | undefined;
  if (!locate) throw new PinError('PIN_KIND_UNKNOWN', `unknown file kind ${JSON.stringify(kind)}`);
  const seen = new Set<number>();
  const unique = locate(text).filter((site) => !seen.has(site.range[0]) && seen.add(site.range[0]));
  if (unique.length > PIN_LIMITS.references) {
    throw new PinError(
      'PIN_TOO_MANY_REFERENCES',
      `more than ${PIN_LIMITS.references} image references`,
    );
  }
  return unique.sort((a, b) => a.range[0] - b.range[0]);
}

/**
 * Every image reference in `text`, in source order, with its state. Offline: no resolution.
 *
 * @example
 *   findImageReferences('FROM nginx:1.25\n', 'dockerfile')
 *   // [{ reference: 'nginx:1.25', line: 1, column: 6, range: [5, 15], state: 'unpinned' }]
 */
export function findImageReferences(text: string, kind: FileKind): ImageReference[] {
  return locateImages(text, kind).map(({ reference, line, column, range, state, note }) => ({
    reference,
    line,
    column,
    range,
    state,
    ...(note !== undefined && { note }),
  }));
}
