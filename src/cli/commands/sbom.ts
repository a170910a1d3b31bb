import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SigilError } from '../../core/index.ts';
import { openImageSource } from '../../oci/index.ts';
import {
  catalogImage,
  formatWarning,
  renderImageSbom,
  SBOM_FORMATS,
  type SbomFormat,
} from '../../sbom/index.ts';
import type { Command, OptionValues } from '../command.ts';
import {
  PLATFORM_OPTION,
  REGISTRY_OPTIONS,
  platformOption,
  positionalArgs,
  registryOptions,
} from '../image-options.ts';

/**
 * `sigil sbom IMAGE`: the image's packages as an SBOM, CycloneDX JSON unless --format says
 * otherwise. Files that look like package metadata but do not parse are warned about on stderr
 * and listed in the SBOM; the SBOM is still written.
 */
export const sbom: Command = {
  name: 'sbom',
  summary: 'Write the SBOM of an image (CycloneDX, SPDX or Sigil JSON)',
  usage: `sbom IMAGE [--format ${SBOM_FORMATS.join('|')}] [-o FILE] [--platform OS/ARCH[/VARIANT]]`,
  options: {
    ...PLATFORM_OPTION,
    ...REGISTRY_OPTIONS,
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
  },
  async run(ctx, values, positionals) {
    const [reference] = positionalArgs(positionals, ['IMAGE']) as [string];
    const format = formatOption(values);
    const platform = platformOption(values);
    const src = await openImageSource(reference, registryOptions(ctx, values));
    let text: string;
    try {
      const { image, catalog } = await catalogImage(src, platform ? { platform } : {});
      for (const w of catalog.warnings) ctx.stderr.write(`sigil: warning: ${formatWarning(w)}\n`);
      text = renderImageSbom(format, { reference, image, catalog }, { env: ctx.env });
    } finally {
      await src.close();
    }
    const out = values['output'];
    if (typeof out === 'string' && out !== '-') await writeFile(resolve(ctx.cwd, out), text);
    else ctx.stdout.write(text);
    return 0;
  },
};

function formatOption(values: OptionValues): SbomFormat {
  const f = values['format'] ?? SBOM_FORMATS[0];
  const known = SBOM_FORMATS.find((k) => k === f);
  if (known === undefined) {
    throw new SigilError(
      'USAGE',
      `--format must be one of ${SBOM_FORMATS.join(', ')}, got ${String(f)}`,
    );
  }
  return known;
}
