import {
  formatPlatform,
  openImageSource,
  resolveImage,
  type ResolvedImage,
} from '../../oci/index.ts';
import type { Command } from '../command.ts';
import {
  PLATFORM_OPTION,
  REGISTRY_OPTIONS,
  platformOption,
  positionalArgs,
  registryOptions,
} from '../image-options.ts';

/** `sigil inspect IMAGE`: what an image is, as JSON (or the manifest bytes with --raw). */
export const inspect: Command = {
  name: 'inspect',
  summary: 'Show an image: digest, media type, platform, config and layers (JSON)',
  usage: 'inspect IMAGE [--platform OS/ARCH[/VARIANT]] [--raw]',
  options: { ...PLATFORM_OPTION, ...REGISTRY_OPTIONS, raw: { type: 'boolean' } },
  async run(ctx, values, positionals) {
    const [name] = positionalArgs(positionals, ['IMAGE']) as [string];
    const platform = platformOption(values);
    const src = await openImageSource(name, registryOptions(ctx, values));
    try {
      if (values['raw'] === true && platform === undefined) {
        const top = await src.getManifest();
        ctx.stdout.write(top.bytes);
        return 0;
      }
      const resolved = await resolveImage(src, platform ? { platform } : {});
      if (values['raw'] === true) {
        ctx.stdout.write((await src.getManifest(resolved.manifestDigest)).bytes);
        return 0;
      }
      ctx.stdout.write(JSON.stringify(inspectView(src.description, resolved), null, 2) + '\n');
      return 0;
    } finally {
      await src.close();
    }
  },
};

/** The JSON `sigil inspect` prints (documented in the README). */
export function inspectView(reference: string, r: ResolvedImage) {
  return {
    reference,
    digest: r.digest,
    mediaType: r.mediaType,
    platform: formatPlatform(r.platform),
    manifestDigest: r.manifestDigest,
    config: {
      digest: r.configDigest,
      os: r.config.os,
      architecture: r.config.architecture,
      ...(r.config.variant ? { variant: r.config.variant } : {}),
      created: r.config.created,
    },
    layers: r.manifest.layers.map((l) => ({
      digest: l.digest,
      size: l.size,
      mediaType: l.mediaType,
    })),
    ...(r.index
      ? {
          manifests: r.index.manifests.map((m) => ({
            digest: m.digest,
            size: m.size,
            mediaType: m.mediaType,
            ...(m.platform ? { platform: formatPlatform(m.platform) } : {}),
          })),
        }
      : {}),
  };
}
