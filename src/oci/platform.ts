import { OciError } from './errors.ts';
import type { Descriptor, ImageIndex, Platform } from './types.ts';

/** What `selectPlatform` picks when the caller names nothing (containerd and skopeo default). */
export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

const PART_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Parse `os/arch[/variant]`, normalized as containerd's `platforms.Normalize` does
 * (x86_64 → amd64, aarch64 → arm64, arm64/v8 → arm64, armhf → arm/v7).
 *
 * @example parsePlatform('linux/arm64/v8') // { os: 'linux', architecture: 'arm64' }
 */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => PART_RE.test(p))) {
    throw new OciError(
      'PLATFORM_INVALID',
      `invalid platform ${JSON.stringify(text.slice(0, 100))}: expected os/arch[/variant]`,
    );
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return normalizePlatform({ os, architecture, ...(variant !== undefined && { variant }) });
}

/** `os/arch[/variant]`. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter((s) => s !== undefined && s !== '').join('/');
}

/** containerd's normalization: canonical architecture names, default variants dropped. */
export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase();
  let arch = p.architecture.toLowerCase();
  let variant = p.variant?.toLowerCase() ?? '';
  switch (arch) {
    case 'x86_64':
    case 'x86-64':
      arch = 'amd64';
      if (variant === 'v1') variant = '';
      break;
    case 'amd64':
      if (variant === 'v1') variant = '';
      break;
    case 'i386':
      arch = '386';
      break;
    case 'aarch64':
    case 'arm64':
      arch = 'arm64';
      if (variant === '8' || variant === 'v8') variant = '';
      break;
    case 'armhf':
      arch = 'arm';
      variant = 'v7';
      break;
    case 'armel':
      arch = 'arm';
      variant = 'v6';
      break;
    case 'arm':
      if (variant === '') variant = 'v7';
      else if (/^[5-8]$/.test(variant)) variant = 'v' + variant;
      break;
  }
  return variant === '' ? { os, architecture: arch } : { os, architecture: arch, variant };
}

/**
 * The index entry for `wanted` (default linux/amd64), as containerd and containers/image
 * choose: exact normalized match first, then for 32-bit arm an older compatible variant
 * (v7 runs v6 and v5). Entries that are not runnable images (attestations with platform
 * `unknown/unknown`, entries without a platform) are never chosen.
 */
export function selectPlatform(index: ImageIndex, wanted: Platform = DEFAULT_PLATFORM): Descriptor {
  const want = normalizePlatform(wanted);
  const candidates = index.manifests.filter(isRunnable);
  const exact = candidates.find((d) => samePlatform(normalizePlatform(d.platform!), want));
  if (exact !== undefined) return exact;
  for (const variant of compatibleVariants(want)) {
    const found = candidates.find((d) =>
      samePlatform(normalizePlatform(d.platform!), { ...want, variant }),
    );
    if (found !== undefined) return found;
  }
  const available = candidates.map((d) => formatPlatform(normalizePlatform(d.platform!)));
  throw new OciError(
    'PLATFORM_NOT_FOUND',
    `no image for ${formatPlatform(want)} in the index; available: ${available.length > 0 ? available.join(', ') : 'none'}`,
  );
}

/** Platforms of the runnable images of an index, normalized, in index order. */
export function indexPlatforms(index: ImageIndex): Platform[] {
  return index.manifests.filter(isRunnable).map((d) => normalizePlatform(d.platform!));
}

function isRunnable(d: Descriptor): boolean {
  const p = d.platform;
  if (p === undefined) return false;
  if (p.os === 'unknown' || p.architecture === 'unknown') return false;
  return d.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest';
}

function samePlatform(a: Platform, b: Platform): boolean {
  return (
    a.os === b.os && a.architecture === b.architecture && (a.variant ?? '') === (b.variant ?? '')
  );
}

function compatibleVariants(p: Platform): string[] {
  if (p.architecture !== 'arm') return [];
  const n = Number(p.variant?.slice(1));
  const out: string[] = [];
  for (let v = n - 1; v >= 5; v--) out.push(`v${v}`);
  return out;
}
