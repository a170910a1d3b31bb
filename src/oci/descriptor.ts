import { OciError } from './errors.ts';
import { isDigest } from './digest.ts';
import type { Descriptor, Platform } from './types.ts';

// Validators shared by manifest and index parsing: descriptors and their parts.

/** Validate one descriptor (OCI image spec §descriptor). */
export function descriptor(value: unknown, where: string): Descriptor {
  if (!isObject(value)) invalid(`${where} must be a descriptor object`);
  const d = value as Record<string, unknown>;
  if (typeof d.mediaType !== 'string' || d.mediaType === '') invalid(`${where}.mediaType missing`);
  if (typeof d.digest !== 'string' || !isDigest(d.digest)) {
    invalid(`${where}.digest ${show(d.digest)} is not a valid digest`);
  }
  if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) {
    invalid(`${where}.size ${show(d.size)} is not a non-negative integer`);
  }
  optString(d, 'artifactType', where);
  if (
    d.urls !== undefined &&
    !(Array.isArray(d.urls) && d.urls.every((u) => typeof u === 'string'))
  ) {
    invalid(`${where}.urls must be a list of strings`);
  }
  return {
    ...(d as object),
    mediaType: d.mediaType as string,
    digest: d.digest as string,
    size: d.size as number,
    ...(d.annotations !== undefined && { annotations: annotations(d.annotations, where) }),
    ...(d.platform !== undefined && { platform: platform(d.platform, where) }),
  };
}

export function platform(value: unknown, where: string): Platform {
  if (!isObject(value)) invalid(`${where}.platform must be an object`);
  const p = value as Record<string, unknown>;
  if (typeof p.os !== 'string' || typeof p.architecture !== 'string') {
    invalid(`${where}.platform needs os and architecture strings`);
  }
  optString(p, 'variant', `${where}.platform`);
  optString(p, 'os.version', `${where}.platform`);
  const features = p['os.features'];
  if (
    features !== undefined &&
    !(Array.isArray(features) && features.every((f) => typeof f === 'string'))
  ) {
    invalid(`${where}.platform.os.features must be a list of strings`);
  }
  return p as unknown as Platform;
}

export function annotations(value: unknown, where: string): Record<string, string> {
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    invalid(`${where ? where + '.' : ''}annotations must map strings to strings`);
  }
  return value as Record<string, string>;
}

export function optString(
  obj: Record<string, unknown>,
  key: string,
  where: string,
): string | undefined {
  const v = obj[key];
  if (v !== undefined && typeof v !== 'string') invalid(`${where}.${key} must be a string`);
  return v as string | undefined;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function invalid(message: string): never {
  throw new OciError('MANIFEST_INVALID', `invalid manifest: ${message}`);
}

export function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}
