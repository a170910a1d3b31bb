import { resolve } from 'node:path';
import { verifyImageAttestations } from '../../sign/index.ts';
import { loadAttestationPolicy } from '../attestation-policy.ts';
import type { Command } from '../command.ts';
import { REGISTRY_OPTIONS, positionalArgs } from '../image-options.ts';
import { signingTarget, verifyKeys } from '../sign-options.ts';
import { TYPE_OPTION, predicateTypeOption } from './attest.ts';
import { OUTPUT_OPTION, outputFormat } from './verify.ts';

/**
 * `sigil verify-attestation --key KEY --type T IMAGE`: exit 0 and print the verified in-toto
 * statements when at least one attestation of that type verifies; 1 otherwise, with reasons.
 */
export const verifyAttestation: Command = {
  name: 'verify-attestation',
  summary: 'Verify the in-toto attestations of an image with a key; print the statements',
  usage:
    'verify-attestation --key KEY [--type TYPE|URI] [--policy FILE.rego] [--output json] IMAGE',
  options: {
    key: { type: 'string' },
    policy: { type: 'string' },
    ...TYPE_OPTION,
    ...REGISTRY_OPTIONS,
    ...OUTPUT_OPTION,
  },
  async run(ctx, values, positionals) {
    const [image] = positionalArgs(positionals, ['IMAGE']) as [string];
    const format = outputFormat(values['output']);
    const predicateType = predicateTypeOption(values['type'], 'custom');
    const policy =
      typeof values['policy'] === 'string'
        ? await loadAttestationPolicy(resolve(ctx.cwd, values['policy']))
        : undefined;
    const keys = await verifyKeys(ctx, values);
    const target = await signingTarget(ctx, values, image);
    const r = await verifyImageAttestations({
      imageDigest: target.imageDigest,
      store: target.store,
      keys,
      predicateType,
    });
    if (r.kind === 'unverified') {
      if (r.tried.length === 0) ctx.stderr.write(`sigil: no attestations found for ${image}\n`);
      else ctx.stderr.write(`sigil: no attestation of ${image} verifies:\n`);
      for (const t of r.tried) ctx.stderr.write(`  ${t.digest}: ${t.reason}: ${t.message}\n`);
      return 1;
    }
    ctx.stderr.write(
      `Verification for ${target.identity}@${target.imageDigest} --\n` +
        `  - ${r.attestations.length} attestation(s) of type ${predicateType} verified with the key\n`,
    );
    const statements = r.attestations.map((a) => a.statement);
    if (policy !== undefined) {
      // As cosign: every verified attestation of the type must satisfy the policy.
      const denied = statements.filter((s) => !policy(s)).length;
      if (denied > 0) {
        ctx.stderr.write(
          `sigil: ${denied} of ${statements.length} attestation(s) fail the policy ${String(values['policy'])} (data.signature.allow is not true)\n`,
        );
        return 1;
      }
      ctx.stderr.write(`  - every attestation satisfies the policy ${String(values['policy'])}\n`);
    }
    if (format === 'json') ctx.stdout.write(JSON.stringify(statements, null, 2) + '\n');
    else for (const s of statements) ctx.stdout.write(JSON.stringify(s) + '\n');
    return 0;
  },
};
