import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SigilError } from '../../core/index.ts';
import {
  copyImage,
  formatPlatform,
  openImageDestination,
  openImageSource,
  resolveImage,
  type ResolvedImage,
} from '../../oci/index.ts';
import { catalogImage } from '../../sbom/index.ts';
import {
  generateKeyPair,
  loadPrivateKey,
  loadPublicKey,
  openSigningTarget,
  signImage,
  verifyImageSignatures,
} from '../../sign/index.ts';
import type { Command, CommandContext, OptionValues } from '../command.ts';
import { REGISTRY_OPTIONS, registryOptions } from '../image-options.ts';
import { scanStep } from './demo-scan.ts';

/** The image bundled with Sigil (samples/oci, tag `sample`; see samples/PROVENANCE.md). */
export const SAMPLE_IMAGE = `oci:${fileURLToPath(new URL('../../../samples/oci', import.meta.url))}:sample`;

/**
 * `sigil demo [IMAGE]`: Sigil's main job on embedded defaults, step by step, offline: inspect
 * the image, copy it to an OCI layout and a docker archive, check that what arrived is, digest
 * for digest, what left, then sign the copy with a throwaway key and verify the signature.
 * Exit 1 if a check fails.
 */
export const demo: Command = {
  name: 'demo',
  summary: "Run Sigil's main job on the bundled sample image (or IMAGE)",
  usage: 'demo [IMAGE] [--out DIR]',
  options: { ...REGISTRY_OPTIONS, out: { type: 'string' } },
  async run(ctx, values, positionals) {
    if (positionals.length > 1) throw new SigilError('USAGE', 'expected at most one IMAGE');
    const image = positionals[0] ?? SAMPLE_IMAGE;
    const out =
      typeof values['out'] === 'string'
        ? values['out']
        : await mkdtemp(join(tmpdir(), 'sigil-demo-'));
    const say = (line: string) => ctx.stdout.write(`${line}\n`);
    try {
      say(`Sigil demo on ${image}`);
      const resolved = await inspectStep(ctx, values, image, say);
      let failures = await copySteps(ctx, values, image, out, resolved, say);
      await sbomStep(ctx, values, image, say);
      failures += await signStep(join(out, 'oci'), say);
      await scanStep(ctx, values, image, out, say, 5);
      say(failures === 0 ? 'All checks passed.' : `${failures} check(s) failed.`);
      return failures === 0 ? 0 : 1;
    } finally {
      if (typeof values['out'] !== 'string') await rm(out, { recursive: true, force: true });
    }
  },
};

async function inspectStep(
  ctx: CommandContext,
  values: OptionValues,
  image: string,
  say: (s: string) => void,
): Promise<ResolvedImage> {
  const src = await openImageSource(image, registryOptions(ctx, values));
  try {
    const r = await resolveImage(src);
    const bytes = r.manifest.layers.reduce((n, l) => n + l.size, 0);
    say(`\n1. inspect`);
    say(`   digest    ${r.digest} (${r.mediaType})`);
    say(`   platform  ${formatPlatform(r.platform)}, created ${r.config.created ?? 'unknown'}`);
    say(
      `   layers    ${r.manifest.layers.length}, ${(bytes / 1024 / 1024).toFixed(2)} MiB compressed`,
    );
    return r;
  } finally {
    await src.close();
  }
}

// Copy to each local transport, read the copy back, and compare digests with the original.
async function copySteps(
  ctx: CommandContext,
  values: OptionValues,
  image: string,
  out: string,
  original: ResolvedImage,
  say: (s: string) => void,
): Promise<number> {
  say(`\n2. copy (digests must survive the trip)`);
  let failures = 0;
  for (const dest of [
    `oci:${join(out, 'oci')}:sample`,
    `docker-archive:${join(out, 'sample.tar')}:sigil-demo/sample:latest`,
  ]) {
    const src = await openImageSource(image, registryOptions(ctx, values));
    try {
      await copyImage(src, await openImageDestination(dest));
    } finally {
      await src.close();
    }
    const back = await openImageSource(dest);
    try {
      const copy = await resolveImage(back);
      const same =
        copy.configDigest === original.configDigest &&
        copy.manifest.layers.map((l) => l.digest).join() ===
          original.manifest.layers.map((l) => l.digest).join();
      const manifestSame = copy.manifestDigest === original.manifestDigest;
      if (!same) failures++;
      say(`   ${same ? 'ok  ' : 'FAIL'}  ${dest}`);
      say(
        `         config and ${copy.manifest.layers.length} layer digest(s) ${same ? 'identical' : 'DIFFER'}; manifest ${manifestSame ? 'identical' : `rewritten for the transport (${copy.manifestDigest})`}`,
      );
    } finally {
      await back.close();
    }
  }
  return failures;
}

// Sign the OCI-layout copy with a throwaway cosign-format key (empty password) and verify it
// with the public key; a second, unrelated key must not verify it.
async function signStep(layoutDir: string, say: (s: string) => void): Promise<number> {
  say(`\n4. sign and verify (cosign format, throwaway key)`);
  const pair = await generateKeyPair('');
  const key = await loadPrivateKey(pair.privateKeyPem, '');
  const target = await openSigningTarget(`oci:${layoutDir}:sample`);
  const signed = await signImage(target.store, {
    imageDigest: target.imageDigest,
    dockerReference: target.identity,
    key,
  });
  say(`   signed    ${target.imageDigest} (tag ${signed.tag})`);
  const verify = (pem: string) =>
    verifyImageSignatures({
      imageDigest: target.imageDigest,
      store: target.store,
      keys: [loadPublicKey(pem)],
    });
  const good = await verify(pair.publicKeyPem);
  const stranger = await verify((await generateKeyPair('')).publicKeyPem);
  const ok = good.kind === 'verified' && stranger.kind === 'unverified';
  say(`   ${good.kind === 'verified' ? 'ok  ' : 'FAIL'}  verified with the public key`);
  say(`   ${stranger.kind === 'unverified' ? 'ok  ' : 'FAIL'}  rejected with another key`);
  return ok ? 0 : 1;
}

// Catalog the image and summarize what is installed: OS, then packages by type.
async function sbomStep(
  ctx: CommandContext,
  values: OptionValues,
  image: string,
  say: (s: string) => void,
): Promise<void> {
  const src = await openImageSource(image, registryOptions(ctx, values));
  try {
    const { catalog } = await catalogImage(src);
    const byType = new Map<string, number>();
    for (const p of catalog.packages) byType.set(p.type, (byType.get(p.type) ?? 0) + 1);
    say(`\n3. sbom (what is installed; \`sigil sbom IMAGE\` writes the full SBOM)`);
    say(`   os        ${catalog.os ? (catalog.os.prettyName ?? catalog.os.id) : 'unknown'}`);
    say(`   packages  ${catalog.packages.length}`);
    for (const [type, n] of [...byType].sort()) say(`     ${type.padEnd(12)}${n}`);
    if (catalog.warnings.length > 0) say(`   warnings  ${catalog.warnings.length}`);
  } finally {
    await src.close();
  }
}
