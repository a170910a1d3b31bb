import { isSigilError } from '../../core/index.ts';
import { digestOf, isDigest } from '../digest.ts';
import { OciError } from '../errors.ts';
import { MEDIA_TYPES } from '../media-types.ts';
import type { Descriptor, ManifestBlob } from '../types.ts';
import type { RegistryContext, Repo } from './context.ts';
import { getManifest, putManifest } from './manifests.ts';
import { referrersTag } from './referrers.ts';

interface WithSubject {
  subject?: { digest?: unknown };
  artifactType?: unknown;
  config?: { mediaType?: unknown };
  annotations?: Record<string, string>;
}

/**
 * Push a manifest that has a `subject` so that listReferrers finds it (OCI distribution spec
 * 1.1 §"Pushing Manifests with Subject"): when the registry does not answer `OCI-Subject`, the
 * client adds the manifest to the index at the `<alg>-<hex>` tag itself. Concurrent pushers of
 * referrers to the same subject can lose one another's entry (the spec's ETag guard is not used).
 */
export async function pushReferrer(
  ctx: RegistryContext,
  repo: Repo,
  manifest: ManifestBlob,
  signal?: AbortSignal,
): Promise<void> {
  const doc = parse(manifest);
  const subject = doc.subject?.digest;
  if (typeof subject !== 'string' || !isDigest(subject)) {
    throw new OciError('MANIFEST_INVALID', `referrer ${manifest.digest}: no valid subject`);
  }
  const stored = await putManifest(ctx, repo, manifest, manifest.digest, signal);
  if (stored.subject !== undefined) return;
  const tag = referrersTag(subject);
  const existing = await currentIndex(ctx, repo, tag, signal);
  if (existing.some((d) => d.digest === manifest.digest)) return;
  const index = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: [...existing, descriptorOf(manifest, doc)],
  };
  const bytes = Buffer.from(JSON.stringify(index));
  await putManifest(
    ctx,
    repo,
    { bytes, mediaType: MEDIA_TYPES.ociIndex, digest: digestOf(bytes) },
    tag,
    signal,
  );
}

function parse(manifest: ManifestBlob): WithSubject {
  try {
    return JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as WithSubject;
  } catch (err) {
    throw new OciError('MANIFEST_INVALID', `referrer ${manifest.digest}: not JSON`, { cause: err });
  }
}

async function currentIndex(
  ctx: RegistryContext,
  repo: Repo,
  tag: string,
  signal?: AbortSignal,
): Promise<Descriptor[]> {
  try {
    const index = await getManifest(ctx, repo, tag, signal);
    const doc = JSON.parse(Buffer.from(index.bytes).toString('utf8')) as { manifests?: unknown };
    return Array.isArray(doc.manifests) ? (doc.manifests as Descriptor[]) : [];
  } catch (err) {
    if (isSigilError(err, 'MANIFEST_UNKNOWN') || isSigilError(err, 'NAME_UNKNOWN')) return [];
    throw err;
  }
}

// The descriptor the referrers API would list: artifactType falls back to the config's type.
function descriptorOf(manifest: ManifestBlob, doc: WithSubject): Descriptor {
  const artifactType =
    typeof doc.artifactType === 'string'
      ? doc.artifactType
      : typeof doc.config?.mediaType === 'string'
        ? doc.config.mediaType
        : undefined;
  return {
    mediaType: manifest.mediaType,
    digest: manifest.digest,
    size: manifest.bytes.length,
    ...(artifactType !== undefined ? { artifactType } : {}),
    ...(doc.annotations !== undefined ? { annotations: doc.annotations } : {}),
  };
}
