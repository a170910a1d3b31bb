import type { KeyObject } from 'node:crypto';
import { verifyImageBundles, type SigningTarget, type TriedLayer } from '../../sign/index.ts';

/**
 * Sigstore-bundle referrers (cosign v3 style) of a registry image: what verified, as the JSON
 * `sigil verify` prints, and what did not. Images outside a registry have no referrers.
 */
export async function verifyReferrerBundles(
  target: SigningTarget,
  keys: readonly KeyObject[],
  annotations: Readonly<Record<string, string>> | undefined,
): Promise<{ verified: unknown[]; tried: TriedLayer[] }> {
  if (target.registry === undefined) return { verified: [], tried: [] };
  const r = await verifyImageBundles(
    { ...target.registry, imageDigest: target.imageDigest },
    keys,
    annotations,
  );
  return {
    verified: r.verified.map((v) => ({
      referrer: v.referrerDigest,
      bundle: v.content,
      image: target.imageDigest,
    })),
    tried: r.tried,
  };
}
