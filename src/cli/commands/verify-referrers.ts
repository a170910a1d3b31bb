import type { KeyObject } from 'node:crypto';
import type { SigningTarget, TriedLayer } from '../../sign/index.ts';

/** Sigstore-bundle referrers (cosign v3 style) that verified, and those that did not. */
export function verifyReferrerBundles(
  _target: SigningTarget,
  _keys: readonly KeyObject[],
  _annotations: Readonly<Record<string, string>> | undefined,
): Promise<{ verified: unknown[]; tried: TriedLayer[] }> {
  return Promise.resolve({ verified: [], tried: [] });
}
