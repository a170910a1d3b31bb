import {
  RegistryClient,
  openOciLayout,
  parseImageLocation,
  parseReference,
  type ManifestBlob,
  type OpenImageOptions,
} from '../../oci/index.ts';
import { SignError } from '../errors.ts';
import type { ArtifactStore } from '../artifacts/store.ts';
import { cosignIdentity } from '../identity.ts';
import { OciLayoutArtifactStore } from './layout-store.ts';
import { RegistryArtifactStore } from './registry-store.ts';

/** An image to sign or verify: its digest, where its artifacts live, and the name it goes by. */
export interface SigningTarget {
  readonly imageDigest: string;
  readonly store: ArtifactStore;
  /** The `docker-reference` cosign would write for it (the repository, no tag). */
  readonly identity: string;
  /** True when the name gave a tag, not a digest: the tag was resolved now (cosign warns). */
  readonly byTag: boolean;
  /** A manifest of this image's repository (or layout) by digest: the children of an index. */
  getManifest(digest: string): Promise<ManifestBlob>;
  /** Present for registry images: the client and repository (referrers, manifests). */
  readonly registry?: {
    readonly client: RegistryClient;
    readonly repo: { readonly registry: string; readonly repository: string };
  };
}

/**
 * Resolve `IMAGE` (a registry reference, `docker://REF` or `oci:DIR[:TAG|@DIGEST]`) to the
 * digest signatures bind to and the store holding its cosign artifacts.
 *
 * @example const t = await openSigningTarget('oci:./layout:app');
 */
export async function openSigningTarget(
  name: string,
  opts: OpenImageOptions = {},
): Promise<SigningTarget> {
  const loc = parseImageLocation(name);
  switch (loc.transport) {
    case 'registry': {
      const ref = parseReference(loc.reference);
      const client = opts.client ?? new RegistryClient(opts);
      const imageDigest = ref.digest ?? (await client.resolveDigest(ref));
      const repo = { registry: ref.registry, repository: ref.repository };
      return {
        imageDigest,
        store: new RegistryArtifactStore(client, repo),
        identity: cosignIdentity(`${ref.registry}/${ref.repository}`),
        byTag: ref.digest === undefined,
        getManifest: (digest) => client.getManifest(repo, digest),
        registry: { client, repo },
      };
    }
    case 'oci': {
      const src = await openOciLayout(loc.dir, {
        ...(loc.tag !== undefined && { tag: loc.tag }),
        ...(loc.digest !== undefined && { digest: loc.digest }),
      });
      return {
        imageDigest: src.root.digest,
        store: new OciLayoutArtifactStore(loc.dir),
        identity: layoutIdentity(loc.tag),
        byTag: loc.digest === undefined,
        getManifest: (digest) => src.getManifest(digest),
      };
    }
    case 'docker-archive':
      throw new SignError(
        'TARGET_UNSUPPORTED',
        'docker-archive: images cannot carry signatures; copy to oci: or a registry first',
      );
  }
}

// A layout has no repository; claim `localhost/<name>` so the payload stays a valid reference.
function layoutIdentity(tag: string | undefined): string {
  const name = (tag ?? 'image').toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  return `localhost/${/^[a-z0-9]/.test(name) ? name : 'image'}`;
}
