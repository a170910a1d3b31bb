import { SigilError } from '../../core/index.ts';
import {
  SIMPLE_SIGNING_TYPE,
  verifyImageSignatures,
  type SimpleSigningPayload,
  type TriedLayer,
} from '../../sign/index.ts';
import type { Command, CommandContext } from '../command.ts';
import { REGISTRY_OPTIONS, positionalArgs } from '../image-options.ts';
import { KEY_OPTIONS, annotationsOption, signingTarget, verifyKeys } from '../sign-options.ts';
import { verifyReferrerBundles } from './verify-referrers.ts';

export const OUTPUT_OPTION = { output: { type: 'string' } } as const;

/** `--output text|json`; text by default. */
export function outputFormat(value: unknown): 'text' | 'json' {
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new SigilError('USAGE', `--output must be text or json, got ${JSON.stringify(value)}`);
}

/**
 * `sigil verify --key KEY IMAGE`: exit 0 when at least one cosign signature verifies with the
 * key, is bound to the image's digest and carries every `-a` annotation; 1 otherwise, with the
 * reason each signature was rejected.
 */
export const verify: Command = {
  name: 'verify',
  summary: 'Verify the cosign signatures of an image with a key',
  usage: 'verify --key KEY [-a key=value]... [--output json] IMAGE',
  options: { ...KEY_OPTIONS, ...REGISTRY_OPTIONS, ...OUTPUT_OPTION },
  async run(ctx, values, positionals) {
    const [image] = positionalArgs(positionals, ['IMAGE']) as [string];
    const format = outputFormat(values['output']);
    const keys = await verifyKeys(ctx, values);
    const annotations = annotationsOption(values);
    const target = await signingTarget(ctx, values, image);
    const r = await verifyImageSignatures({
      imageDigest: target.imageDigest,
      store: target.store,
      keys,
      ...(annotations && { annotations }),
    });
    const payloads: unknown[] =
      r.kind === 'verified' ? r.signatures.map((s) => cosignPayloadView(s.payload)) : [];
    const tried: TriedLayer[] = r.kind === 'unverified' ? [...r.tried] : [];
    const bundles = await verifyReferrerBundles(target, keys, annotations);
    payloads.push(...bundles.verified);
    tried.push(...bundles.tried);
    if (payloads.length === 0) return reportFailure(ctx, image, tried);
    ctx.stderr.write(
      `Verification for ${target.identity}@${target.imageDigest} --\n` +
        'The following checks were performed on each of these signatures:\n' +
        '  - The signatures were verified against the specified public key\n' +
        (annotations ? '  - The specified annotations were verified.\n' : ''),
    );
    if (format === 'json') ctx.stdout.write(JSON.stringify(payloads, null, 2) + '\n');
    else for (const p of payloads) ctx.stdout.write(JSON.stringify(p) + '\n');
    return 0;
  },
};

function reportFailure(ctx: CommandContext, image: string, tried: readonly TriedLayer[]): number {
  if (tried.length === 0) {
    ctx.stderr.write(`sigil: no signatures found for ${image}\n`);
    return 1;
  }
  ctx.stderr.write(`sigil: no signature of ${image} verifies:\n`);
  for (const t of tried) ctx.stderr.write(`  ${t.digest}: ${t.reason}: ${t.message}\n`);
  return 1;
}

/** A verified payload as `cosign verify` prints it (the simple-signing JSON layout). */
export function cosignPayloadView(p: SimpleSigningPayload) {
  return {
    critical: {
      identity: { 'docker-reference': p.dockerReference },
      image: { 'docker-manifest-digest': p.manifestDigest },
      type: SIMPLE_SIGNING_TYPE,
    },
    optional: p.optional,
  };
}
