import {
  copyImage,
  openImageDestination,
  openImageSource,
  parseImageLocation,
} from '../../oci/index.ts';
import type { Command } from '../command.ts';
import {
  PLATFORM_OPTION,
  REGISTRY_OPTIONS,
  platformOption,
  positionalArgs,
  registryOptions,
} from '../image-options.ts';
import { renderEvents } from '../progress.ts';

/** `sigil copy SRC DST`: between any two transports, digests preserved. */
export const copy: Command = {
  name: 'copy',
  summary: 'Copy an image between registries, OCI layouts and docker archives',
  usage: 'copy SRC DST [--all-platforms] [--platform OS/ARCH[/VARIANT]] [--quiet]',
  options: {
    ...PLATFORM_OPTION,
    ...REGISTRY_OPTIONS,
    'all-platforms': { type: 'boolean', short: 'a' },
    quiet: { type: 'boolean', short: 'q' },
  },
  async run(ctx, values, positionals) {
    const [srcName, dstName] = positionalArgs(positionals, ['SRC', 'DST']) as [string, string];
    const platform = platformOption(values);
    const progress = renderEvents(ctx.stderr, { tty: ctx.isTTY, quiet: values['quiet'] === true });
    const opts = registryOptions(ctx, values, progress.sink);
    const from = parseImageLocation(srcName);
    const src = await openImageSource(from, opts);
    try {
      const dst = await openImageDestination(dstName, { ...opts, from });
      const result = await copyImage(src, dst, {
        allPlatforms: values['all-platforms'] === true,
        ...(platform ? { platform } : {}),
        events: progress.sink,
      });
      progress.finish();
      if (values['quiet'] !== true) {
        ctx.stderr.write(
          `Copied ${result.digest} (${result.blobsCopied} blobs copied, ${result.blobsSkipped} already there)\n`,
        );
      }
      ctx.stdout.write(`${result.digest}\n`);
      return 0;
    } finally {
      await src.close();
    }
  },
};
