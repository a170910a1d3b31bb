import { LIMITS } from '../core/index.ts';
import { OciError } from './errors.ts';
import { isDigest } from './digest.ts';
import { annotations, descriptor, invalid, isObject, optString, show } from './descriptor.ts';
import { MEDIA_TYPES } from './media-types.ts';
import type { ImageConfig, ImageIndex, ImageManifest, ManifestBlob } from './types.ts';

/** A manifest or index after validation, told apart by `kind`. */
export type ParsedManifest =
  | { readonly kind: 'manifest'; readonly mediaType: string; readonly manifest: ImageManifest }
  | { readonly kind: 'index'; readonly mediaType: string; readonly index: ImageIndex };

/** Docker schema 1 (signed and unsigned): refused, as every current tool does. */
const SCHEMA1_MEDIA_TYPES = [
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
];
/** Media types servers send when they do not know better; the document's own field decides. */
const GENERIC_MEDIA_TYPES = ['', 'application/json', 'application/octet-stream', 'text/plain'];
const MANIFEST_TYPES: readonly string[] = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest];
const INDEX_TYPES: readonly string[] = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifestList];
/** Entries per list: far beyond real images, low enough to keep a hostile document cheap. */
const MAX_ENTRIES = 10_000;

/**
 * Parse and validate manifest or index bytes. `declaredMediaType` is what the store said
 * (Content-Type, descriptor); when both it and the document's `mediaType` are specific they
 * must agree (OCI image spec §manifest "mediaType").
 *
 * @example parseManifest(bytes, 'application/vnd.oci.image.index.v1+json').kind // 'index'
 */
export function parseManifest(bytes: Uint8Array, declaredMediaType?: string): ParsedManifest {
  if (bytes.length > LIMITS.manifestBytes) {
    throw new OciError(
      'MANIFEST_TOO_LARGE',
      `manifest of ${bytes.length} bytes exceeds the ${LIMITS.manifestBytes}-byte limit`,
    );
  }
  const declared = stripParams(declaredMediaType ?? '');
  refuseUnsupported(declared);
  const doc = parseJsonObject(bytes, 'MANIFEST_INVALID', 'manifest');
  if (doc.schemaVersion === 1) {
    throw new OciError('MEDIA_TYPE_UNSUPPORTED', 'Docker schema 1 manifests are not supported');
  }
  if (doc.schemaVersion !== 2) invalid(`schemaVersion must be 2, got ${show(doc.schemaVersion)}`);
  const own = optString(doc, 'mediaType', 'manifest');
  if (own !== undefined) refuseUnsupported(own);
  if (own !== undefined && !GENERIC_MEDIA_TYPES.includes(declared) && own !== declared) {
    invalid(`mediaType ${show(own)} differs from the declared media type ${show(declared)}`);
  }
  const mediaType = own ?? (GENERIC_MEDIA_TYPES.includes(declared) ? sniff(doc) : declared);
  if (INDEX_TYPES.includes(mediaType)) {
    if ('config' in doc || 'layers' in doc) invalid('an index must not have config or layers');
    return { kind: 'index', mediaType, index: toIndex(doc) };
  }
  if ('manifests' in doc) invalid('an image manifest must not have manifests');
  return { kind: 'manifest', mediaType, manifest: toManifest(doc) };
}

/** `parseManifest` over a stored blob. */
export function parseManifestBlob(blob: ManifestBlob): ParsedManifest {
  return parseManifest(blob.bytes, blob.mediaType);
}

/** Media type of manifest bytes whose store did not say (an OCI layout blob, say). */
export function manifestMediaType(bytes: Uint8Array): string {
  return parseManifest(bytes).mediaType;
}

/** Parse an image config, bounded by LIMITS.configBytes; only the fields Sigil reads are checked. */
export function parseImageConfig(bytes: Uint8Array): ImageConfig {
  if (bytes.length > LIMITS.configBytes) {
    throw new OciError(
      'CONFIG_TOO_LARGE',
      `image config of ${bytes.length} bytes exceeds the ${LIMITS.configBytes}-byte limit`,
    );
  }
  const doc = parseJsonObject(bytes, 'CONFIG_INVALID', 'image config');
  const fail = (msg: string): never => {
    throw new OciError('CONFIG_INVALID', `image config: ${msg}`);
  };
  for (const key of ['os', 'architecture', 'variant', 'created'] as const) {
    if (doc[key] !== undefined && typeof doc[key] !== 'string') fail(`${key} must be a string`);
  }
  if (doc.config !== undefined && doc.config !== null && !isObject(doc.config)) {
    fail('config must be an object');
  }
  if (doc.rootfs !== undefined) {
    const r = doc.rootfs;
    if (!isObject(r) || typeof r.type !== 'string' || !Array.isArray(r.diff_ids)) {
      fail('rootfs must be {type, diff_ids}');
    }
    const ids = (r as { diff_ids: unknown[] }).diff_ids;
    if (!ids.every((d) => typeof d === 'string' && isDigest(d))) {
      fail('rootfs.diff_ids must be digests');
    }
  }
  if (doc.history !== undefined && (!Array.isArray(doc.history) || !doc.history.every(isObject))) {
    fail('history must be a list of objects');
  }
  return doc as ImageConfig;
}

function refuseUnsupported(mediaType: string): void {
  if (SCHEMA1_MEDIA_TYPES.includes(mediaType)) {
    throw new OciError('MEDIA_TYPE_UNSUPPORTED', 'Docker schema 1 manifests are not supported');
  }
  if (
    !GENERIC_MEDIA_TYPES.includes(mediaType) &&
    !MANIFEST_TYPES.includes(mediaType) &&
    !INDEX_TYPES.includes(mediaType)
  ) {
    throw new OciError(
      'MEDIA_TYPE_UNSUPPORTED',
      `unsupported manifest media type ${show(mediaType)}`,
    );
  }
}

// OCI manifests and indexes may omit mediaType; the shape tells them apart.
function sniff(doc: Record<string, unknown>): string {
  const isIndex = 'manifests' in doc;
  const isManifest = 'config' in doc || 'layers' in doc;
  if (isIndex === isManifest) invalid('neither clearly an image manifest nor an index');
  return isIndex ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest;
}

function toManifest(doc: Record<string, unknown>): ImageManifest {
  const layers = list(doc.layers, 'layers').map((d, i) => descriptor(d, `layers[${i}]`));
  return {
    ...(doc as object),
    schemaVersion: 2,
    config: descriptor(doc.config, 'config'),
    layers,
    ...(doc.subject !== undefined && { subject: descriptor(doc.subject, 'subject') }),
    ...(doc.annotations !== undefined && { annotations: annotations(doc.annotations, '') }),
  };
}

function toIndex(doc: Record<string, unknown>): ImageIndex {
  const manifests = list(doc.manifests, 'manifests').map((d, i) =>
    descriptor(d, `manifests[${i}]`),
  );
  return {
    ...(doc as object),
    schemaVersion: 2,
    manifests,
    ...(doc.subject !== undefined && { subject: descriptor(doc.subject, 'subject') }),
    ...(doc.annotations !== undefined && { annotations: annotations(doc.annotations, '') }),
  };
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) invalid(`${where} must be a list`);
  const arr = value as unknown[];
  if (arr.length > MAX_ENTRIES) invalid(`${where} has more than ${MAX_ENTRIES} entries`);
  return arr;
}

function parseJsonObject(
  bytes: Uint8Array,
  code: 'MANIFEST_INVALID' | 'CONFIG_INVALID',
  what: string,
): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new OciError(code, `${what} is not valid JSON`, { cause });
  }
  if (!isObject(doc)) throw new OciError(code, `${what} must be a JSON object`);
  return doc;
}

function stripParams(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}
