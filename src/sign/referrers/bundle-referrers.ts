import type { KeyObject } from 'node:crypto';
import { Readable } from 'node:stream';
import { isSigilError } from '../../core/index.ts';
import {
  MEDIA_TYPES,
  digestOf,
  parseDigest,
  verifyBytes,
  type Descriptor,
  type ManifestBlob,
  type RegistryClient,
  type Repo,
} from '../../oci/index.ts';
import { describe } from '../artifacts/store.ts';
import { SignError } from '../errors.ts';
import { SIGN_MEDIA_TYPES } from '../constants.ts';
import type { SigningKey } from '../keys/load.ts';
import { signBytes } from '../primitives.ts';
import { isJsonObject, parseStrictJson } from '../strict-json.ts';
import type { TriedLayer } from '../verify-image.ts';
import { readStreamBounded } from '../stores/read-bounded.ts';
import {
  MAX_BUNDLE_BYTES,
  buildMessageSignatureBundle,
  verifyBundle,
  type BundleContent,
} from './bundle.ts';

/** Most bundle referrers examined for one image: more is a flood, not a signing history. */
export const MAX_BUNDLE_REFERRERS = 64;
const BUNDLE = SIGN_MEDIA_TYPES.sigstoreBundleV03;

export interface ReferrerTarget {
  readonly client: RegistryClient;
  readonly repo: Repo;
  readonly imageDigest: string;
}

/**
 * Sign as cosign v3 stores signatures: a Sigstore bundle (key-signed message signature over
 * the image manifest) in an OCI 1.1 referrer of the image. Registries without the referrers
 * API get the `sha256-<hex>` index tag instead (distribution spec 1.1 fallback).
 *
 * @example await signImageAsReferrer({ client, repo, imageDigest }, key);
 */
export async function signImageAsReferrer(
  target: ReferrerTarget,
  key: SigningKey,
): Promise<{ readonly digest: string }> {
  const image = await target.client.getManifest(target.repo, target.imageDigest);
  verifyBytes(image.bytes, target.imageDigest, 'image manifest');
  const bundle = buildMessageSignatureBundle(
    parseDigest(target.imageDigest).hex,
    signBytes(key.privateKey, image.bytes),
  );
  const bundleBytes = Buffer.from(JSON.stringify(bundle));
  const layer = describe(BUNDLE, bundleBytes);
  const empty = Buffer.from('{}');
  const config = describe(MEDIA_TYPES.ociEmpty, empty);
  for (const [desc, bytes] of [
    [config, empty],
    [layer, bundleBytes],
  ] as const) {
    if (await target.client.hasBlob(target.repo, desc)) continue;
    await target.client.uploadBlob(target.repo, desc, Readable.from([bytes]));
  }
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      artifactType: BUNDLE,
      config,
      layers: [layer],
      subject: { mediaType: image.mediaType, digest: image.digest, size: image.bytes.length },
      annotations: { 'dev.sigstore.bundle.content': 'message-signature' },
    }),
  );
  const manifest: ManifestBlob = {
    bytes: manifestBytes,
    digest: digestOf(manifestBytes),
    mediaType: MEDIA_TYPES.ociManifest,
  };
  await target.client.pushReferrer(target.repo, manifest);
  return { digest: manifest.digest };
}

export interface VerifiedBundle {
  readonly referrerDigest: string;
  readonly content: BundleContent;
  readonly keyIndex: number;
}

/**
 * The Sigstore-bundle referrers of an image (artifactType bundle v0.3) that verify with one of
 * `keys`, and every one that did not with its reason. Each manifest and bundle is bounded and
 * checked against its digest.
 */
export async function verifyImageBundles(
  target: ReferrerTarget,
  keys: readonly KeyObject[],
  annotations?: Readonly<Record<string, string>>,
): Promise<{ verified: VerifiedBundle[]; tried: TriedLayer[] }> {
  const { client, repo, imageDigest } = target;
  const referrers = (await client.listReferrers(repo, imageDigest, { artifactType: BUNDLE }))
    .filter((d) => d.artifactType === BUNDLE)
    .slice(0, MAX_BUNDLE_REFERRERS);
  const verified: VerifiedBundle[] = [];
  const tried: TriedLayer[] = [];
  if (referrers.length === 0) return { verified, tried };
  const image = await client.getManifest(repo, imageDigest);
  verifyBytes(image.bytes, imageDigest, 'image manifest');
  for (const ref of referrers) {
    try {
      const bytes = await readBundle(target, ref);
      const r = verifyBundle(bytes, imageDigest, image.bytes, keys, annotations);
      if (r.kind === 'verified') {
        verified.push({ referrerDigest: ref.digest, content: r.content, keyIndex: r.keyIndex });
      } else tried.push({ digest: ref.digest, reason: r.reason, message: r.message });
    } catch (err) {
      if (!isSigilError(err)) throw err;
      tried.push({
        digest: ref.digest,
        reason: 'UNREADABLE',
        message: `${err.code}: ${err.message}`,
      });
    }
  }
  return { verified, tried };
}

// The referrer manifest's single bundle layer, bounded and verified.
async function readBundle(target: ReferrerTarget, ref: Descriptor): Promise<Uint8Array> {
  const manifest = await target.client.getManifest(target.repo, ref.digest);
  verifyBytes(manifest.bytes, ref.digest, 'referrer manifest');
  const doc = parseStrictJson(manifest.bytes, {
    maxBytes: MAX_BUNDLE_BYTES,
    maxDepth: 8,
    code: 'SIGNATURE_MANIFEST_INVALID',
    what: `referrer ${ref.digest}`,
  });
  const layers = isJsonObject(doc) && Array.isArray(doc['layers']) ? doc['layers'] : [];
  const layer = layers.find(
    (l): l is Descriptor =>
      isJsonObject(l) &&
      l['mediaType'] === BUNDLE &&
      typeof l['digest'] === 'string' &&
      typeof l['size'] === 'number',
  );
  if (layer === undefined || layer.size > MAX_BUNDLE_BYTES) {
    throw new SignError(
      'SIGNATURE_MANIFEST_INVALID',
      `referrer ${ref.digest}: no bundle layer within ${MAX_BUNDLE_BYTES} bytes`,
    );
  }
  const stream = await target.client.fetchBlob(target.repo, layer);
  const bytes = await readStreamBounded(stream, layer, MAX_BUNDLE_BYTES);
  verifyBytes(bytes, layer.digest, 'bundle');
  return bytes;
}
