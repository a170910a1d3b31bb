import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { readDirSignature } from '../../../test/helpers/sign-fixtures.ts';
import { isSigilError } from '../../core/index.ts';
import { MEDIA_TYPES, digestOf } from '../../oci/index.ts';
import { PREDICATE_TYPES, SIGN_ANNOTATIONS, SIGN_MEDIA_TYPES } from '../constants.ts';
import { keyKind } from '../keys/key-kind.ts';
import type { SigningKey } from '../keys/load.ts';
import { attestImage, listAttestations } from './attestations.ts';
import { buildSignatureImage, parseSignatureImage } from './signature-image.ts';
import { attachSignature, listSignatures, signImage } from './signatures.ts';
import { MemoryArtifactStore } from './store.ts';

const IMAGE = 'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';
const TAG = 'sha256-634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00.sig';

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kind: keyKind(privateKey), privateKey, publicKey };
}

function realSignature() {
  const sig = readDirSignature('containers-image/dir-img-cosign-valid/signature-1');
  return { payload: sig.payload, signatureB64: sig.annotations[SIGN_ANNOTATIONS.signature]! };
}

test('signature image has the shape cosign writes', async () => {
  const store = new MemoryArtifactStore();
  const { payload, signatureB64 } = realSignature();
  const r = await attachSignature(store, { imageDigest: IMAGE, payload, signatureB64 });
  assert.equal(r.tag, TAG);
  assert.equal(r.added, true);
  const manifest = JSON.parse(Buffer.from(r.manifest.bytes).toString()) as {
    schemaVersion: number;
    mediaType: string;
    config: { mediaType: string; digest: string; size: number };
    layers: {
      mediaType: string;
      digest: string;
      size: number;
      annotations: Record<string, string>;
    }[];
  };
  assert.deepEqual(Object.keys(manifest), ['schemaVersion', 'mediaType', 'config', 'layers']);
  assert.equal(manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
  assert.equal(manifest.config.mediaType, 'application/vnd.oci.image.config.v1+json');
  assert.deepEqual(manifest.layers, [
    {
      mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
      size: payload.length,
      digest: digestOf(payload),
      annotations: { 'dev.cosignproject.cosign/signature': signatureB64 },
    },
  ]);
  const config = Buffer.from(store.blobs.get(manifest.config.digest)!).toString();
  assert.equal(
    config,
    `{"architecture":"","created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":["${digestOf(payload)}"]},"config":{}}`,
  );
  assert.deepEqual(store.blobs.get(digestOf(payload)), Uint8Array.from(payload));
});

test('appending keeps existing signatures and does not duplicate identical ones', async () => {
  const store = new MemoryArtifactStore();
  const real = realSignature();
  await attachSignature(store, { imageDigest: IMAGE, ...real });
  const key = newKey();
  const second = await signImage(store, {
    imageDigest: IMAGE,
    dockerReference: 'r.example/app',
    key,
  });
  assert.equal(second.added, true);
  const again = await attachSignature(store, { imageDigest: IMAGE, ...real });
  assert.equal(again.added, false);
  assert.equal(again.manifest.digest, second.manifest.digest);
  const { signatures, skipped } = await listSignatures(store, IMAGE);
  assert.equal(signatures.length, 2);
  assert.deepEqual(skipped, []);
  assert.deepEqual(Buffer.from(signatures[0]!.payload), real.payload);
  assert.equal(signatures[0]!.signatureB64, real.signatureB64);
  const config = JSON.parse(
    Buffer.from(store.blobs.get(parseConfigDigest(second.manifest.bytes))!).toString(),
  ) as {
    rootfs: { diff_ids: string[] };
    history: unknown[];
  };
  assert.deepEqual(config.rootfs.diff_ids, [digestOf(real.payload), signatures[1]!.layerDigest]);
  assert.equal(config.history.length, 2);
});

function parseConfigDigest(bytes: Uint8Array): string {
  return (JSON.parse(Buffer.from(bytes).toString()) as { config: { digest: string } }).config
    .digest;
}

test('an existing Docker-media-type signature image stays Docker on append', async () => {
  const store = new MemoryArtifactStore();
  const real = realSignature();
  const layer = {
    mediaType: SIGN_MEDIA_TYPES.simpleSigning,
    size: real.payload.length,
    digest: digestOf(real.payload),
  };
  const dockerBase = {
    mediaType: MEDIA_TYPES.dockerManifest,
    configMediaType: MEDIA_TYPES.dockerConfig,
    layers: [],
  };
  const img = buildSignatureImage(
    [{ ...layer, annotations: { [SIGN_ANNOTATIONS.signature]: real.signatureB64 } }],
    dockerBase,
  );
  await store.putBlob(layer, real.payload);
  await store.putBlob(img.config.descriptor, img.config.bytes);
  await store.putManifest(TAG, img.manifest);
  const r = await signImage(store, { imageDigest: IMAGE, dockerReference: 'r/a', key: newKey() });
  const parsed = parseSignatureImage(r.manifest);
  assert.equal(parsed.mediaType, MEDIA_TYPES.dockerManifest);
  assert.equal(parsed.configMediaType, MEDIA_TYPES.dockerConfig);
  assert.equal(parsed.layers.length, 2);
});

test('unreadable layers are skipped and reported, the rest still listed', async () => {
  const store = new MemoryArtifactStore();
  await signImage(store, { imageDigest: IMAGE, dockerReference: 'r/a', key: newKey() });
  const r = await signImage(store, { imageDigest: IMAGE, dockerReference: 'r/b', key: newKey() });
  const firstLayer = parseSignatureImage(r.manifest).layers[0]!;
  store.blobs.set(firstLayer.digest, Buffer.from('tampered'));
  const { signatures, skipped } = await listSignatures(store, IMAGE);
  assert.equal(signatures.length, 1);
  assert.equal(skipped.length, 1);
  assert.equal(skipped[0]!.digest, firstLayer.digest);
  assert.match(skipped[0]!.reason, /DIGEST_MISMATCH/);
});

test('no signature tag: empty list; hostile manifests are coded errors', async () => {
  const store = new MemoryArtifactStore();
  assert.deepEqual(await listSignatures(store, IMAGE), { signatures: [], skipped: [] });
  const bytes = Buffer.from('{"schemaVersion":2,"layers":{}}');
  await store.putManifest(TAG, {
    bytes,
    digest: digestOf(bytes),
    mediaType: MEDIA_TYPES.ociManifest,
  });
  await assert.rejects(listSignatures(store, IMAGE), (e) =>
    isSigilError(e, 'SIGNATURE_MANIFEST_INVALID'),
  );
  await assert.rejects(listSignatures(store, 'sha256:nothex'), (e) =>
    isSigilError(e, 'DIGEST_INVALID'),
  );
});

test('attestations: DSSE layer with predicateType annotation under .att, listed back', async () => {
  const store = new MemoryArtifactStore();
  const key = newKey();
  const predicateType = PREDICATE_TYPES['slsaprovenance1']!;
  const r = await attestImage(store, {
    imageDigest: IMAGE,
    subjectName: 'r.example/app',
    predicateType,
    predicate: { buildDefinition: {} },
    key,
  });
  assert.equal(r.tag, TAG.replace(/\.sig$/, '.att'));
  const layer = parseSignatureImage(r.manifest).layers[0]!;
  assert.equal(layer.mediaType, 'application/vnd.dsse.envelope.v1+json');
  assert.deepEqual(layer.annotations, {
    'dev.cosignproject.cosign/signature': '',
    predicateType: 'https://slsa.dev/provenance/v1',
  });
  const { attestations } = await listAttestations(store, IMAGE);
  assert.equal(attestations.length, 1);
  assert.equal(attestations[0]!.envelope.payloadType, 'application/vnd.in-toto+json');
  assert.equal(attestations[0]!.predicateType, predicateType);
});

test('a hostile signature image cannot make listing read unbounded bytes', async () => {
  const store = new MemoryArtifactStore();
  let requested = 0;
  const original = store.getBlobBytes.bind(store);
  store.getBlobBytes = (desc, max) => {
    requested += desc.size;
    return original(desc, max);
  };
  const layers = Array.from({ length: 200 }, (_, i) => ({
    mediaType: SIGN_MEDIA_TYPES.simpleSigning,
    size: 250 * 1024,
    digest: digestOf(Buffer.from(String(i))),
    annotations: { [SIGN_ANNOTATIONS.signature]: 'AA==' },
  }));
  layers.push({ ...layers[0]!, size: 10 * 1024 * 1024, digest: digestOf(Buffer.from('big')) });
  const img = buildSignatureImage(layers);
  await store.putManifest(TAG, img.manifest);
  const { signatures, skipped } = await listSignatures(store, IMAGE);
  assert.equal(signatures.length, 0);
  assert.equal(skipped.length, 201);
  assert.ok(requested <= 16 * 1024 * 1024, `requested ${requested} bytes`);
  assert.ok(skipped.some((s) => /budget/.test(s.reason)));
  assert.match(skipped.at(-1)!.reason, /limit/);
});
