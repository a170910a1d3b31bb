import { SigilError } from '../../core/index.ts';
import { parseManifestBlob } from '../../oci/index.ts';
import {
  signImage,
  signImageAsReferrer,
  type SigningKey,
  type SigningTarget,
} from '../../sign/index.ts';
import type { Command, CommandContext } from '../command.ts';
import { REGISTRY_OPTIONS, positionalArgs } from '../image-options.ts';
import {
  KEY_OPTIONS,
  annotationsOption,
  signingKey,
  signingTarget,
  warnIfTag,
} from '../sign-options.ts';

/** Most manifests `--recursive` signs below one index. */
const MAX_RECURSIVE = 256;

/**
 * `sigil sign --key KEY IMAGE`: a cosign signature (simple-signing payload under
 * `sha256-<hex>.sig`), appended to those already there.
 */
export const sign: Command = {
  name: 'sign',
  summary: 'Sign an image with a key, as cosign does (tag scheme sha256-<hex>.sig)',
  usage: 'sign --key KEY [-a key=value]... [--recursive] [--referrers] IMAGE',
  options: {
    ...KEY_OPTIONS,
    ...REGISTRY_OPTIONS,
    recursive: { type: 'boolean' },
    referrers: { type: 'boolean' },
  },
  async run(ctx, values, positionals) {
    const [image] = positionalArgs(positionals, ['IMAGE']) as [string];
    const key = await signingKey(ctx, values);
    const annotations = annotationsOption(values);
    const target = await signingTarget(ctx, values, image);
    warnIfTag(ctx, target, image);
    const digests =
      values['recursive'] === true ? await withChildren(target) : [target.imageDigest];
    if (values['referrers'] === true) {
      if (annotations) throw new SigilError('USAGE', '-a cannot be used with --referrers');
      return signReferrers(ctx, target, digests, key);
    }
    for (const imageDigest of digests) {
      const r = await signImage(target.store, {
        imageDigest,
        dockerReference: target.identity,
        key,
        ...(annotations && { annotations }),
      });
      ctx.stderr.write(
        `${r.added ? 'Signed' : 'Already signed'} ${target.identity}@${imageDigest} (${r.tag})\n`,
      );
    }
    return 0;
  },
};

// An index and every manifest it lists (one level: indexes of indexes are not followed).
async function withChildren(target: SigningTarget): Promise<string[]> {
  const top = parseManifestBlob(await target.getManifest(target.imageDigest));
  if (top.kind !== 'index') return [target.imageDigest];
  if (top.index.manifests.length > MAX_RECURSIVE) {
    throw new SigilError('TOO_MANY_MANIFESTS', `index lists more than ${MAX_RECURSIVE} manifests`);
  }
  return [target.imageDigest, ...top.index.manifests.map((d) => d.digest)];
}

// --referrers: cosign v3's form, a Sigstore bundle in an OCI 1.1 referrer of each digest.
async function signReferrers(
  ctx: CommandContext,
  target: SigningTarget,
  digests: readonly string[],
  key: SigningKey,
): Promise<number> {
  const registry = target.registry;
  if (registry === undefined) {
    throw new SigilError('TARGET_UNSUPPORTED', '--referrers needs an image in a registry');
  }
  for (const imageDigest of digests) {
    const r = await signImageAsReferrer({ ...registry, imageDigest }, key);
    ctx.stderr.write(`Signed ${target.identity}@${imageDigest} (referrer ${r.digest})\n`);
  }
  return 0;
}
