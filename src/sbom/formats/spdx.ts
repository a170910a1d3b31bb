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

const NOASSERTION = 'NOASSERTION';
const NAMESPACE_BASE = 'https://spdx.org/spdxdocs/sigil';

/**
 * An SPDX 2.3 JSON document (spdx.github.io/spdx-spec/v2.3): the image as the described
 * package, each found package CONTAINed by it, purls as PACKAGE-MANAGER external refs.
 * Declared licenses that are not checked SPDX expressions go to `licenseComments`, so the
 * license fields only ever hold NOASSERTION and never an invalid expression.
 */
export function toSpdx(
  input: SbomDocumentInput,
  options: FormatOptions = {},
): Record<string, unknown> {
  const created = creationTime(options);
  const uuid = contentUuid('spdx', contentFingerprint(input));
  const imageId = 'SPDXRef-Image';
  const packages = input.packages.map(spdxPackage);
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: input.subject.name,
    documentNamespace: `${NAMESPACE_BASE}/${encodeURIComponent(input.subject.name)}-${uuid}`,
    creationInfo: {
      created: isoSeconds(created),
      creators: [`Tool: ${options.toolName ?? TOOL.name}-${options.toolVersion ?? TOOL.version}`],
    },
    packages: [
      {
        SPDXID: imageId,
        name: input.subject.name,
        ...(input.subject.digest ? { versionInfo: input.subject.digest } : {}),
        downloadLocation: NOASSERTION,
        filesAnalyzed: false,
        primaryPackagePurpose: 'CONTAINER',
        licenseConcluded: NOASSERTION,
        licenseDeclared: NOASSERTION,
        copyrightText: NOASSERTION,
        ...(input.os
          ? { comment: `operating system: ${input.os.id} ${input.os.versionId ?? ''}`.trim() }
          : {}),
      },
      ...packages.map((p) => p.doc),
    ],
    relationships: [
      {
        spdxElementId: 'SPDXRef-DOCUMENT',
        relationshipType: 'DESCRIBES',
        relatedSpdxElement: imageId,
      },
      ...packages.map((p) => ({
        spdxElementId: imageId,
        relationshipType: 'CONTAINS',
        relatedSpdxElement: p.id,
      })),
    ],
  };
}

function spdxPackage(p: Package): { id: string; doc: Record<string, unknown> } {
  // SPDXID: `SPDXRef-` then letters, digits, `.` and `-` only (SPDX 2.3 §7.2).
  const id = `SPDXRef-Package-${p.type}-${p.name.replace(/[^A-Za-z0-9.-]+/g, '-')}-${packageKey(p)}`;
  return {
    id,
    doc: {
      SPDXID: id,
      name: p.name,
      versionInfo: p.version,
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      licenseConcluded: NOASSERTION,
      licenseDeclared: NOASSERTION,
      ...(p.licenses.length > 0 ? { licenseComments: `declared: ${p.licenses.join('; ')}` } : {}),
      copyrightText: NOASSERTION,
      ...(p.sourceName
        ? { sourceInfo: `source package ${p.sourceName} ${p.sourceVersion ?? ''}`.trim() }
        : {}),
      externalRefs: [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl },
      ],
      comment: `found by ${p.foundBy} at ${p.locations.map((l) => `/${l.path}`).join(', ')}`,
    },
  };
}
