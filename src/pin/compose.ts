import { LineIndex } from './positions.ts';
import type { LocatedImage } from './types.ts';
import { asMap, mapGet, parseYamlDocuments, scalarImage } from './yaml-nodes.ts';

/**
 * `services.*.image` in a Compose file (compose-spec §services). A service that also has
 * `build` names the image compose builds and tags: pinning it would break the build, so it
 * is skipped with a note.
 */
export function locateCompose(text: string): LocatedImage[] {
  const lines = new LineIndex(text);
  const found: LocatedImage[] = [];
  for (const doc of parseYamlDocuments(text)) {
    const services = asMap(doc, mapGet(doc, doc.contents, 'services'));
    for (const pair of services?.items ?? []) {
      const service = pair.value;
      const built = mapGet(doc, service, 'build') !== undefined;
      const site = scalarImage(doc, mapGet(doc, service, 'image'), lines, () =>
        built ? 'the service builds this image (build:); it is an output, not an input' : undefined,
      );
      if (site) found.push(site);
    }
  }
  return found;
}
