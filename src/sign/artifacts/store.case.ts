import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { isSigilError } from '../../core/index.ts';
import { MEDIA_TYPES, digestOf } from '../../oci/index.ts';
import { keyKind } from '../keys/key-kind.ts';
import { verifyImageSignatures } from '../verify-image.ts';
import { listSignatures, signImage } from './signatures.ts';
import { describe, type ArtifactStore } from './store.ts';

/**
 * The behaviour every ArtifactStore must have, as one suite: run it against each
 * implementation (memory here; the registry-backed store where it is wired).
 *
 * @example artifactStoreContract('registry', async () => registryStoreFor(testRepo));
 */
export function artifactStoreContract(name: string, makeStore: () => Promise<ArtifactStore>): void {
  const image = digestOf(Buffer.from(`image for ${name}`));

  test(`${name}: an unknown tag is undefined, not an error`, async () => {
    const store = await makeStore();
    assert.equal(await store.getManifestByTag('sha256-00.sig'), undefined);
  });

  test(`${name}: blobs come back byte for byte; unknown and oversized blobs are coded errors`, async () => {
    const store = await makeStore();
    const bytes = Buffer.from('{"critical":{}}');
    const desc = describe('application/octet-stream', bytes);
    await store.putBlob(desc, bytes);
    assert.deepEqual(Buffer.from(await store.getBlobBytes(desc, 1024)), bytes);
    await assert.rejects(store.getBlobBytes(desc, 3), (e) => isSigilError(e, 'BLOB_TOO_LARGE'));
    const missing = describe('application/octet-stream', Buffer.from('missing'));
    await assert.rejects(store.getBlobBytes(missing, 1024), (e) => isSigilError(e, 'BLOB_UNKNOWN'));
  });

  test(`${name}: a tag points at the manifest last put under it`, async () => {
    const store = await makeStore();
    const tag = 'sha256-11.sig';
    // Real registries validate manifests: both name a config blob that exists.
    const config = Buffer.from('{}');
    const configDesc = describe(MEDIA_TYPES.ociEmpty, config);
    await store.putBlob(configDesc, config);
    const manifest = (note: string) =>
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config: configDesc,
        layers: [],
        annotations: { note },
      });
    for (const text of [manifest('first'), manifest('second')]) {
      const bytes = Buffer.from(text);
      await store.putManifest(tag, {
        bytes,
        digest: digestOf(bytes),
        mediaType: MEDIA_TYPES.ociManifest,
      });
    }
    const got = await store.getManifestByTag(tag);
    assert.equal(Buffer.from(got!.bytes).toString(), manifest('second'));
    assert.equal(got!.digest, digestOf(got!.bytes));
  });

  test(`${name}: sign twice, list and verify through the store`, async () => {
    const store = await makeStore();
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = { kind: keyKind(privateKey), privateKey, publicKey };
    await signImage(store, { imageDigest: image, dockerReference: 'r.example/a', key });
    await signImage(store, { imageDigest: image, dockerReference: 'r.example/b', key });
    const { signatures } = await listSignatures(store, image);
    assert.equal(signatures.length, 2);
    const r = await verifyImageSignatures({ imageDigest: image, store, keys: [publicKey] });
    assert.equal(r.kind === 'verified' && r.signatures.length, 2);
  });
}
