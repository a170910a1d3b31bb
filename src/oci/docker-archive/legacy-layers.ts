import { createHash } from 'node:crypto';
import { parseDigest } from '../digest.ts';

/** One pre-manifest.json ("legacy") layer directory: `<id>/{layer.tar → ../<hex>.tar, VERSION, json}`. */
export interface LegacyLayer {
  readonly id: string;
  readonly layerPath: string;
  readonly json: Buffer;
}

const TOP_LAYER_KEYS = [
  'architecture',
  'config',
  'container',
  'container_config',
  'created',
  'docker_version',
  'os',
];

/**
 * The legacy layer directories `docker save` and containers/image still write beside
 * manifest.json, for old `docker load`s. IDs chain like docker's `layer.CreateChainID`; as in
 * containers/image they only need to be unique and loop-free, not equal to docker's.
 */
export function legacyLayers(
  layerDigests: readonly string[],
  config: Record<string, unknown>,
): LegacyLayer[] {
  const out: LegacyLayer[] = [];
  let chainId = '';
  let parent = '';
  layerDigests.forEach((digest, i) => {
    const layerConfig: Record<string, unknown> = {};
    if (parent !== '') layerConfig.parent = parent;
    if (i === layerDigests.length - 1) {
      for (const key of TOP_LAYER_KEYS) layerConfig[key] = config[key] ?? null;
    }
    chainId = chainId === '' ? digest : sha256(`${chainId} ${digest}`);
    const id = sha256(sortedJson({ ...layerConfig, layer_id: chainId })).slice('sha256:'.length);
    out.push({
      id,
      layerPath: `${parseDigest(digest).hex}.tar`,
      json: Buffer.from(sortedJson({ ...layerConfig, id })),
    });
    parent = id;
  });
  return out;
}

// Go's encoding/json writes map keys sorted; matching it keeps the IDs stable across runs.
function sortedJson(obj: Record<string, unknown>): string {
  const sorted = Object.fromEntries(
    Object.keys(obj)
      .sort()
      .map((k) => [k, obj[k]]),
  );
  return JSON.stringify(sorted);
}

function sha256(s: string): string {
  return `sha256:${createHash('sha256').update(s).digest('hex')}`;
}
