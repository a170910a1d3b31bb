import { createHash, randomBytes } from 'node:crypto';
import { MEDIA_TYPES } from '../../src/oci/media-types.ts';
import type { Descriptor, ManifestBlob } from '../../src/oci/types.ts';

/** Test-only builders for small, valid OCI images and artifacts. */
export interface BuiltBlob {
  readonly desc: Descriptor;
  readonly bytes: Buffer;
}

export function blob(bytes: Buffer, mediaType: string): BuiltBlob {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  return { desc: { mediaType, digest, size: bytes.length }, bytes };
}

export function manifestBlob(doc: object, mediaType: string): ManifestBlob {
  const bytes = Buffer.from(JSON.stringify(doc));
  return { bytes, mediaType, digest: blob(bytes, mediaType).desc.digest };
}

/** An image with one random layer of `layerSize` bytes. */
export function randomImage(layerSize = 3000): {
  config: BuiltBlob;
  layer: BuiltBlob;
  manifest: ManifestBlob;
} {
  const config = blob(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [] },
        id: randomBytes(8).toString('hex'),
      }),
    ),
    MEDIA_TYPES.ociConfig,
  );
  const layer = blob(randomBytes(layerSize), MEDIA_TYPES.ociLayerGzip);
  const manifest = manifestBlob(
    {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      config: config.desc,
      layers: [layer.desc],
    },
    MEDIA_TYPES.ociManifest,
  );
  return { config, layer, manifest };
}

/** An artifact manifest (OCI 1.1) whose subject is `subject`. */
export function artifactFor(
  subject: Descriptor,
  artifactType: string,
): { empty: BuiltBlob; manifest: ManifestBlob } {
  const empty = blob(Buffer.from('{}'), MEDIA_TYPES.ociEmpty);
  const manifest = manifestBlob(
    {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      artifactType,
      config: empty.desc,
      layers: [empty.desc],
      subject,
    },
    MEDIA_TYPES.ociManifest,
  );
  return { empty, manifest };
}
