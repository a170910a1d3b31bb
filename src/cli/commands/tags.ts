import { SigilError } from '../../core/index.ts';
import { listOciLayoutTags, openImageSource, parseImageLocation } from '../../oci/index.ts';
import type { Command } from '../command.ts';
import { REGISTRY_OPTIONS, positionalArgs, registryOptions } from '../image-options.ts';

/** `sigil tags REPO`: one tag per line (registry repository or OCI layout). */
export const tags: Command = {
  name: 'tags',
  summary: "List a repository's tags (registry or OCI layout)",
  usage: 'tags REPO',
  options: { ...REGISTRY_OPTIONS },
  async run(ctx, values, positionals) {
    const [name] = positionalArgs(positionals, ['REPO']) as [string];
    const loc = parseImageLocation(name);
    if (loc.transport === 'oci') {
      for (const tag of await listOciLayoutTags(loc.dir)) ctx.stdout.write(`${tag}\n`);
      return 0;
    }
    const src = await openImageSource(loc, registryOptions(ctx, values));
    try {
      if (!src.listTags) throw new SigilError('UNSUPPORTED', `${src.description} cannot list tags`);
      for (const tag of await src.listTags()) ctx.stdout.write(`${tag}\n`);
      return 0;
    } finally {
      await src.close();
    }
  },
};
