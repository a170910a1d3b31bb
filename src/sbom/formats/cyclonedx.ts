import type { Package } from '../package.ts';
import {
  contentFingerprint,
  contentUuid,
  creationTime,
  isoSeconds,
  packageKey,
  TOOL,
  type FormatOptions,
  type SbomDocumentInput,
} from './common.ts';

export const CYCLONEDX_SPEC_VERSION = '1.6';
const PROPERTY_PREFIX = 'sigil:';

/**
 * A CycloneDX 1.6 JSON BOM (cyclonedx.org/docs/1.6/json). Deterministic: the serial number is
 * derived from the content and the timestamp from SOURCE_DATE_EPOCH when set; components
 * keep the catalog's sorted order.
 *
 * @example JSON.stringify(toCycloneDx({ subject: { name: 'app:1' }, os, packages }), null, 2)
 */
export function toCycloneDx(
  input: SbomDocumentInput,
  options: FormatOptions = {},
): Record<string, unknown> {
  const created = creationTime(options);
  const components: Record<string, unknown>[] = input.packages.map(component);
  if (input.os) {
    components.push({
      'bom-ref': `os:${input.os.id}`,
      type: 'operating-system',
      name: input.os.id,
      ...(input.os.versionId ? { version: input.os.versionId } : {}),
      ...(input.os.prettyName ? { description: input.os.prettyName } : {}),
    });
  }
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: CYCLONEDX_SPEC_VERSION,
    serialNumber: `urn:uuid:${contentUuid('cyclonedx', contentFingerprint(input))}`,
    version: 1,
    metadata: {
      timestamp: isoSeconds(created),
      tools: {
        components: [
          {
            type: 'application',
            name: options.toolName ?? TOOL.name,
            version: options.toolVersion ?? TOOL.version,
          },
        ],
      },
      component: {
        'bom-ref': 'subject',
        type: 'container',
        name: input.subject.name,
        ...(input.subject.digest ? { version: input.subject.digest } : {}),
      },
    },
    components,
  };
}

function component(p: Package): Record<string, unknown> {
  const props: [string, string | undefined][] = [
    ['package:type', p.type],
    ['package:foundBy', p.foundBy],
    ['package:sourceName', p.sourceName],
    ['package:sourceVersion', p.sourceVersion],
    ['package:arch', p.arch],
    ...p.locations.flatMap((l, i): [string, string | undefined][] => [
      [`location:${i}:path`, `/${l.path}`],
      [`location:${i}:layerDigest`, l.layerDigest],
    ]),
  ];
  return {
    'bom-ref': `pkg:${packageKey(p)}`,
    type: 'library',
    name: p.name,
    version: p.version,
    purl: p.purl,
    ...(p.licenses.length > 0
      ? { licenses: p.licenses.map((name) => ({ license: { name } })) }
      : {}),
    properties: props
      .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
      .map(([name, value]) => ({ name: PROPERTY_PREFIX + name, value })),
  };
}
