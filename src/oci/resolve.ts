import { buffer } from 'node:stream/consumers';
import { LIMITS } from '../core/index.ts';
import { OciError } from './errors.ts';
import { parseImageConfig, parseManifestBlob } from './manifest.ts';
import { normalizePlatform, selectPlatform } from './platform.ts';
import type { ImageSource } from './transport.ts';
import type { ImageConfig, ImageIndex, ImageManifest, ManifestBlob, Platform } from './types.ts';

/** One image resolved from a reference: what `sigil inspect` prints. */
export interface ResolvedImage {
  /** Digest of what the reference names as stored: the index for a multi-platform image. */
  readonly digest: string;
  readonly mediaType: string;
  /** The index, when the reference names one. */
  readonly index?: ImageIndex;
  readonly manifest: ImageManifest;
  readonly manifestDigest: string;
  readonly manifestMediaType: string;
  readonly platform: Platform;
  readonly config: ImageConfig;
  readonly configDigest: string;
}

/**
 * Resolve a source's reference down to one image: through an index to the `platform`
 * (default linux/amd64), then its manifest and config.
 *
 * @example const img = await resolveImage(src, { platform: parsePlatform('linux/arm64') });
 */
export async function resolveImage(
  src: ImageSource,
  opts: { readonly platform?: Platform; readonly signal?: AbortSignal } = {},
): Promise<ResolvedImage> {
  const top = await src.getManifest(undefined, opts.signal);
  let current: ManifestBlob = top;
  let index: ImageIndex | undefined;
  let indexPlatform: Platform | undefined;
  for (let depth = 0; ; depth++) {
    const parsed = parseManifestBlob(current);
    if (parsed.kind === 'manifest') {
      const config = await readConfig(src, parsed.manifest, opts.signal);
      return {
        digest: top.digest,
        mediaType: top.mediaType,
        ...(index !== undefined && { index }),
        manifest: parsed.manifest,
        manifestDigest: current.digest,
        manifestMediaType: parsed.mediaType,
        platform: indexPlatform ?? configPlatform(config),
        config,
        configDigest: parsed.manifest.config.digest,
      };
    }
    if (depth >= LIMITS.maxIndexDepth) {
      throw new OciError('MANIFEST_INVALID', `indexes nested deeper than ${LIMITS.maxIndexDepth}`);
    }
    index ??= parsed.index;
    const chosen = selectPlatform(parsed.index, opts.platform);
    indexPlatform = normalizePlatform(chosen.platform!);
    const next = await src.getManifest(chosen.digest, opts.signal);
    current = { ...next, mediaType: chosen.mediaType };
  }
}

async function readConfig(
  src: ImageSource,
  m: ImageManifest,
  signal?: AbortSignal,
): Promise<ImageConfig> {
  if (m.config.size > LIMITS.configBytes) {
    throw new OciError(
      'CONFIG_TOO_LARGE',
      `image config of ${m.config.size} bytes exceeds ${LIMITS.configBytes}`,
    );
  }
  const bytes = await buffer(await src.fetchBlob(m.config, signal));
  return parseImageConfig(bytes);
}

function configPlatform(c: ImageConfig): Platform {
  return normalizePlatform({
    os: c.os ?? 'unknown',
    architecture: c.architecture ?? 'unknown',
    ...(c.variant !== undefined && { variant: c.variant }),
  });
}
