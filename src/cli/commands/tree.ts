import { isSigilError } from '../../core/index.ts';
import type { Descriptor } from '../../oci/index.ts';
import {
  TAG_SUFFIXES,
  artifactTag,
  parseSignatureImage,
  type ArtifactKind,
  type SigningTarget,
} from '../../sign/index.ts';
import type { Command } from '../command.ts';
import { REGISTRY_OPTIONS, positionalArgs } from '../image-options.ts';
import { signingTarget } from '../sign-options.ts';

const HEADINGS: Record<ArtifactKind, string> = {
  signature: 'Signatures',
  attestation: 'Attestations',
  sbom: 'SBOMs',
};

/**
 * `sigil tree IMAGE`: the supply-chain artifacts attached to an image, under cosign's tag
 * scheme (`sha256-<hex>.sig|.att|.sbom`) and, where the registry offers it, the referrers API.
 */
export const tree: Command = {
  name: 'tree',
  summary: 'List signatures, attestations and SBOMs attached to an image (both schemes)',
  usage: 'tree IMAGE',
  options: { ...REGISTRY_OPTIONS },
  async run(ctx, values, positionals) {
    const [image] = positionalArgs(positionals, ['IMAGE']) as [string];
    const target = await signingTarget(ctx, values, image);
    const say = (line: string) => ctx.stdout.write(`${line}\n`);
    say(`Supply chain artifacts for ${target.identity}@${target.imageDigest}`);
    let found = 0;
    for (const kind of Object.keys(TAG_SUFFIXES) as ArtifactKind[]) {
      const tag = artifactTag(target.imageDigest, kind);
      const manifest = await target.store.getManifestByTag(tag);
      if (manifest === undefined) continue;
      found++;
      say(`└── ${HEADINGS[kind]} (tag ${tag})`);
      for (const layer of parseSignatureImage(manifest).layers) say(`    └── ${layerLine(layer)}`);
    }
    const referrers = await listReferrers(target);
    if (referrers.length > 0) {
      found++;
      say('└── Referrers (OCI 1.1)');
      for (const r of referrers) say(`    └── ${r.digest} ${r.artifactType ?? r.mediaType}`);
    }
    if (found === 0) say('(no signatures, attestations, SBOMs or referrers)');
    return 0;
  },
};

function layerLine(d: Descriptor): string {
  const predicateType = d.annotations?.['predicateType'];
  return `${d.digest} ${d.mediaType}${predicateType ? ` (${predicateType})` : ''}`;
}

// Registries without the referrers API may refuse or 404 the call: no referrers, not an error.
async function listReferrers(target: SigningTarget): Promise<Descriptor[]> {
  if (target.registry === undefined) return [];
  try {
    return await target.registry.client.listReferrers(target.registry.repo, target.imageDigest);
  } catch (err) {
    if (isSigilError(err)) return [];
    throw err;
  }
}
