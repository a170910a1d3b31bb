import { formatPlatform, type ResolvedImage } from '../../oci/index.ts';
import type { Catalog } from '../catalog.ts';
import type { CatalogWarning } from '../errors.ts';
import { SbomError } from '../errors.ts';
import { creationTime, isoSeconds, TOOL, type FormatOptions } from './common.ts';
import { toCycloneDx } from './cyclonedx.ts';
import { toSpdx } from './spdx.ts';

/** The SBOM formats `sigil sbom --format` writes; the first is the default. */
export const SBOM_FORMATS = ['cyclonedx-json', 'spdx-json', 'sigil-json'] as const;
export type SbomFormat = (typeof SBOM_FORMATS)[number];

/** Schema name of Sigil's own SBOM JSON (see the README, "sigil-json"). */
export const SIGIL_SBOM_SCHEMA = 'sigil.sbom/v1';

export interface ImageSbomInput {
  /** The image as the user named it. */
  readonly reference: string;
  readonly image: ResolvedImage;
  readonly catalog: Catalog;
}

/** One line per warning: `CODE: message (path)`. */
export function formatWarning(w: CatalogWarning): string {
  return `${w.code}: ${w.message}${w.path ? ` (${w.path})` : ''}`;
}

/**
 * An image's SBOM in one of {@link SBOM_FORMATS}, as the JSON text `sigil sbom` writes.
 * Deterministic: equal input and SOURCE_DATE_EPOCH give byte-identical output. Warnings go
 * into the document (CycloneDX `metadata.properties`, SPDX `creationInfo.comment`).
 *
 * @example writeFileSync('sbom.json', renderImageSbom('cyclonedx-json', input, { env }));
 */
export function renderImageSbom(
  format: SbomFormat,
  input: ImageSbomInput,
  options: FormatOptions = {},
): string {
  return JSON.stringify(imageSbom(format, input, options), null, 2) + '\n';
}

export function imageSbom(
  format: SbomFormat,
  input: ImageSbomInput,
  options: FormatOptions = {},
): Record<string, unknown> {
  const { catalog, image } = input;
  const doc = {
    subject: { name: input.reference, digest: image.digest },
    os: catalog.os,
    packages: catalog.packages,
  };
  const warnings = catalog.warnings.map(formatWarning);
  switch (format) {
    case 'cyclonedx-json': {
      const bom = toCycloneDx(doc, options);
      const metadata = bom['metadata'] as Record<string, unknown>;
      const properties = warnings.map((value) => ({ name: 'sigil:warning', value }));
      return properties.length > 0 ? { ...bom, metadata: { ...metadata, properties } } : bom;
    }
    case 'spdx-json': {
      const spdx = toSpdx(doc, options);
      const info = spdx['creationInfo'] as Record<string, unknown>;
      const comment = warnings.map((w) => `warning: ${w}`).join('\n');
      return warnings.length > 0 ? { ...spdx, creationInfo: { ...info, comment } } : spdx;
    }
    case 'sigil-json':
      return sigilJson(input, options);
    default:
      throw new SbomError('SBOM_FORMAT_UNKNOWN', `unknown SBOM format ${String(format)}`);
  }
}

/** Sigil's own format: everything the catalog knows, for `sigil scan --sbom`. */
function sigilJson({ reference, image, catalog }: ImageSbomInput, options: FormatOptions) {
  return {
    schema: SIGIL_SBOM_SCHEMA,
    created: isoSeconds(creationTime(options)),
    tool: { name: options.toolName ?? TOOL.name, version: options.toolVersion ?? TOOL.version },
    image: {
      reference,
      digest: image.digest,
      manifestDigest: image.manifestDigest,
      configDigest: image.configDigest,
      platform: formatPlatform(image.platform),
      layers: image.manifest.layers.map((l) => l.digest),
    },
    os: catalog.os ?? null,
    packages: catalog.packages.map((p) => ({
      name: p.name,
      version: p.version,
      type: p.type,
      purl: p.purl,
      ...(p.sourceName !== undefined ? { sourceName: p.sourceName } : {}),
      ...(p.sourceVersion !== undefined ? { sourceVersion: p.sourceVersion } : {}),
      ...(p.arch !== undefined ? { arch: p.arch } : {}),
      ...(p.epoch !== undefined ? { epoch: p.epoch } : {}),
      licenses: p.licenses,
      foundBy: p.foundBy,
      locations: p.locations.map((l) => ({ path: l.path, layerDigest: l.layerDigest ?? null })),
    })),
    warnings: catalog.warnings.map((w) => ({
      code: w.code,
      message: w.message,
      ...(w.path !== undefined ? { path: w.path } : {}),
    })),
  };
}
