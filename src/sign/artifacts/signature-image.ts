import { LIMITS } from '../../core/index.ts';
import {
  MEDIA_TYPES,
  digestOf,
  isDigest,
  type Descriptor,
  type ManifestBlob,
} from '../../oci/index.ts';
import { SignError } from '../errors.ts';
import { goJson, isJsonObject, parseStrictJson, sortedKeys } from '../strict-json.ts';

/** cosign's ceiling on layers in one signature image (`pkg/oci/mutate` maxLayers). */
export const MAX_SIGNATURE_LAYERS = 1000;

/** go-containerregistry's zero `v1.Time`, which cosign's configs carry unless told otherwise. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** A parsed signature/attestation manifest: its layers, and what append must keep. */
export interface SignatureImage {
  readonly mediaType: string;
  readonly configMediaType: string;
  readonly layers: readonly Descriptor[];
}

/** An image to write: config blob, manifest blob. */
export interface BuiltImage {
  readonly config: { readonly descriptor: Descriptor; readonly bytes: Uint8Array };
  readonly manifest: ManifestBlob;
}

/**
 * Build the image cosign writes for signatures and attestations (`empty.Signatures()` +
 * `mutate.Append` in go-containerregistry): OCI manifest, OCI config whose `rootfs.diff_ids`
 * are the layer digests (layers are uncompressed) with one zero-time history entry each, and
 * one layer per signature carrying its annotations. Serialized in Go field order.
 */
export function buildSignatureImage(
  layers: readonly Descriptor[],
  base?: SignatureImage,
): BuiltImage {
  if (layers.length > MAX_SIGNATURE_LAYERS) {
    throw new SignError(
      'TOO_MANY_SIGNATURES',
      `more than ${MAX_SIGNATURE_LAYERS} signatures on one image`,
    );
  }
  const configBytes = Buffer.from(
    goJson({
      architecture: '',
      created: ZERO_TIME,
      ...(layers.length > 0 && { history: layers.map(() => ({ created: ZERO_TIME })) }),
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      config: {},
    }),
    'utf8',
  );
  const configMediaType = base?.configMediaType ?? MEDIA_TYPES.ociConfig;
  const config: Descriptor = {
    mediaType: configMediaType,
    size: configBytes.length,
    digest: digestOf(configBytes),
  };
  const mediaType = base?.mediaType ?? MEDIA_TYPES.ociManifest;
  const manifestBytes = Buffer.from(
    goJson({
      schemaVersion: 2,
      mediaType,
      config: goDescriptor(config),
      layers: layers.map(goDescriptor),
    }),
    'utf8',
  );
  return {
    config: { descriptor: config, bytes: configBytes },
    manifest: { bytes: manifestBytes, mediaType, digest: digestOf(manifestBytes) },
  };
}

// go-containerregistry `v1.Descriptor` field order; annotation keys sorted as Go sorts maps.
function goDescriptor(d: Descriptor): Record<string, unknown> {
  return {
    mediaType: d.mediaType,
    size: d.size,
    digest: d.digest,
    ...(d.annotations !== undefined &&
      Object.keys(d.annotations).length > 0 && { annotations: sortedKeys(d.annotations) }),
  };
}

/**
 * Read a signature/attestation manifest someone else may have written. Layers are taken as
 * descriptors (checked, bounded); anything else in the manifest is not needed to append.
 */
export function parseSignatureImage(manifest: ManifestBlob): SignatureImage {
  const doc = parseStrictJson(manifest.bytes, {
    maxBytes: LIMITS.manifestBytes,
    maxDepth: 16,
    code: 'SIGNATURE_MANIFEST_INVALID',
    what: `signature manifest ${manifest.digest}`,
  });
  const bad = (why: string): never => {
    throw new SignError(
      'SIGNATURE_MANIFEST_INVALID',
      `signature manifest ${manifest.digest}: ${why}`,
    );
  };
  if (!isJsonObject(doc) || doc['schemaVersion'] !== 2) return bad('not a schema 2 manifest');
  const config = doc['config'];
  const layers = doc['layers'];
  if (!isJsonObject(config) || typeof config['mediaType'] !== 'string') return bad('no config');
  if (!Array.isArray(layers)) return bad('no layers');
  if (layers.length > MAX_SIGNATURE_LAYERS)
    throw new SignError('TOO_MANY_SIGNATURES', `${layers.length} layers`);
  const mediaType = typeof doc['mediaType'] === 'string' ? doc['mediaType'] : manifest.mediaType;
  if (mediaType !== MEDIA_TYPES.ociManifest && mediaType !== MEDIA_TYPES.dockerManifest) {
    bad(`media type ${mediaType} is not an image manifest`);
  }
  return {
    mediaType,
    configMediaType: config['mediaType'],
    layers: layers.map((l) => layerDescriptor(l, bad)),
  };
}

function layerDescriptor(v: unknown, bad: (why: string) => never): Descriptor {
  if (!isJsonObject(v)) return bad('layer is not an object');
  const { mediaType, digest, size, annotations } = v;
  if (typeof mediaType !== 'string') return bad('layer without mediaType');
  if (typeof digest !== 'string' || !isDigest(digest)) return bad('layer with a bad digest');
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    return bad('layer with a bad size');
  if (annotations !== undefined) {
    if (
      !isJsonObject(annotations) ||
      !Object.values(annotations).every((a) => typeof a === 'string')
    ) {
      return bad('layer annotations must be strings');
    }
  }
  return {
    mediaType,
    digest,
    size,
    ...(annotations !== undefined && { annotations: annotations as Record<string, string> }),
  };
}

/** Same blob and same annotations: appending it again would add nothing. */
export function sameLayer(a: Descriptor, b: Descriptor): boolean {
  if (a.digest !== b.digest || a.mediaType !== b.mediaType) return false;
  const ka = Object.entries(a.annotations ?? {}).sort();
  const kb = Object.entries(b.annotations ?? {}).sort();
  return JSON.stringify(ka) === JSON.stringify(kb);
}
