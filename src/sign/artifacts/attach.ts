import { isSigilError } from '../../core/index.ts';
import { parseDigest, verifyBytes, type Descriptor, type ManifestBlob } from '../../oci/index.ts';
import { artifactTag, type ArtifactKind } from '../constants.ts';
import {
  buildSignatureImage,
  parseSignatureImage,
  sameLayer,
  type SignatureImage,
} from './signature-image.ts';
import { describe, type ArtifactStore } from './store.ts';

export interface AttachResult {
  readonly tag: string;
  /** The manifest now under `tag` (unchanged when the layer was already there). */
  readonly manifest: ManifestBlob;
  /** False when an identical layer was already attached: nothing was written. */
  readonly added: boolean;
}

/** A layer that could not be read; listing goes on without it. */
export interface SkippedLayer {
  readonly digest: string;
  readonly reason: string;
}

export interface ReadLayer {
  readonly descriptor: Descriptor;
  readonly bytes: Uint8Array;
}

/**
 * Append one layer (signature or attestation) to the artifact image under `kind`'s tag,
 * keeping every layer already there (and the manifest/config media types), skipping the write
 * when an identical layer exists. The config is rebuilt from the layers, so a creation time an
 * earlier writer recorded in it is not carried over; no verifier reads it.
 */
export async function appendLayer(
  store: ArtifactStore,
  imageDigest: string,
  kind: ArtifactKind,
  layer: {
    readonly mediaType: string;
    readonly bytes: Uint8Array;
    readonly annotations: Readonly<Record<string, string>>;
  },
): Promise<AttachResult> {
  parseDigest(imageDigest);
  const tag = artifactTag(imageDigest, kind);
  const existing = await store.getManifestByTag(tag);
  const base: SignatureImage | undefined = existing ? parseSignatureImage(existing) : undefined;
  const desc = describe(layer.mediaType, layer.bytes, layer.annotations);
  if (existing && base?.layers.some((l) => sameLayer(l, desc))) {
    return { tag, manifest: existing, added: false };
  }
  const image = buildSignatureImage([...(base?.layers ?? []), desc], base);
  await store.putBlob(desc, layer.bytes);
  await store.putBlob(image.config.descriptor, image.config.bytes);
  await store.putManifest(tag, image.manifest);
  return { tag, manifest: image.manifest, added: true };
}

export interface ReadBudget {
  /** Largest single layer read. */
  readonly maxBytes: number;
  /** Largest sum over all layers: 1000 layers at `maxBytes` each must not all be read. */
  readonly maxTotalBytes: number;
}

/**
 * Read the layers of the artifact image under `kind`'s tag whose media type is `mediaType`.
 * Each blob is bounded, the sum too, and each is checked against its digest; a layer that fails
 * or does not fit is reported in `skipped`, so one bad layer cannot hide the good ones.
 */
export async function readLayers(
  store: ArtifactStore,
  imageDigest: string,
  kind: ArtifactKind,
  mediaType: string,
  budget: ReadBudget,
): Promise<{ layers: ReadLayer[]; skipped: SkippedLayer[] }> {
  const { maxBytes } = budget;
  let remaining = budget.maxTotalBytes;
  parseDigest(imageDigest);
  const manifest = await store.getManifestByTag(artifactTag(imageDigest, kind));
  if (manifest === undefined) return { layers: [], skipped: [] };
  verifyBytes(manifest.bytes, manifest.digest, 'signature manifest');
  const layers: ReadLayer[] = [];
  const skipped: SkippedLayer[] = [];
  for (const descriptor of parseSignatureImage(manifest).layers) {
    if (descriptor.mediaType !== mediaType) {
      skipped.push({ digest: descriptor.digest, reason: `media type ${descriptor.mediaType}` });
      continue;
    }
    if (descriptor.size > maxBytes) {
      skipped.push({
        digest: descriptor.digest,
        reason: `${descriptor.size} bytes, limit ${maxBytes}`,
      });
      continue;
    }
    if (descriptor.size > remaining) {
      const reason = `over the ${budget.maxTotalBytes}-byte read budget`;
      skipped.push({ digest: descriptor.digest, reason });
      continue;
    }
    remaining -= descriptor.size;
    try {
      const bytes = await store.getBlobBytes(descriptor, Math.min(maxBytes, descriptor.size));
      verifyBytes(bytes, descriptor.digest, 'signature layer');
      layers.push({ descriptor, bytes });
    } catch (err) {
      if (!isSigilError(err)) throw err;
      skipped.push({ digest: descriptor.digest, reason: `${err.code}: ${err.message}` });
    }
  }
  return { layers, skipped };
}

/** Annotation value or undefined. */
export function annotation(desc: Descriptor, key: string): string | undefined {
  const a = desc.annotations;
  return a !== undefined && Object.hasOwn(a, key) ? a[key] : undefined;
}
