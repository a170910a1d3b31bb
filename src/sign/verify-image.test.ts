import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { fixture, readDirSignature } from '../../test/helpers/sign-fixtures.ts';
import { attachAttestation, attestImage } from './artifacts/attestations.ts';
import { attachSignature, signImage } from './artifacts/signatures.ts';
import { MemoryArtifactStore } from './artifacts/store.ts';
import { PREDICATE_TYPES, SIGN_ANNOTATIONS } from './constants.ts';
import { serializeDsse, signDsse } from './dsse.ts';
import { imageStatement, serializeStatement } from './in-toto.ts';
import { keyKind } from './keys/key-kind.ts';
import { loadPublicKey, type SigningKey } from './keys/load.ts';
import { verifyImageAttestations, verifyImageSignatures } from './verify-image.ts';

const IMAGE = 'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';
const OTHER = 'sha256:0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a';
const cosignPub = () => loadPublicKey(fixture('containers-image/cosign.pub'));
const cosign2Pub = () => loadPublicKey(fixture('containers-image/cosign2.pub'));

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kind: keyKind(privateKey), privateKey, publicKey };
}

async function storeWithRealSignature(imageDigest = IMAGE) {
  const store = new MemoryArtifactStore();
  const sig = readDirSignature('containers-image/dir-img-cosign-valid/signature-1');
  await attachSignature(store, {
    imageDigest,
    payload: sig.payload,
    signatureB64: sig.annotations[SIGN_ANNOTATIONS.signature]!,
  });
  return store;
}

test('a real cosign signature stored as cosign stores it verifies with its key', async () => {
  const store = await storeWithRealSignature();
  const r = await verifyImageSignatures({
    imageDigest: IMAGE,
    store,
    keys: [cosign2Pub(), cosignPub()],
  });
  assert.equal(r.kind, 'verified');
  if (r.kind === 'verified') {
    assert.equal(r.signatures.length, 1);
    assert.equal(r.signatures[0]!.keyIndex, 1);
    assert.equal(
      r.signatures[0]!.payload.dockerReference,
      '192.168.64.2:5000/cosign-signed-single-sample',
    );
  }
});

test('untrusted key, no signatures, moved signature: unverified with reasons', async () => {
  const store = await storeWithRealSignature();
  const wrongKey = await verifyImageSignatures({ imageDigest: IMAGE, store, keys: [cosign2Pub()] });
  assert.equal(wrongKey.kind, 'unverified');
  assert.equal(wrongKey.kind === 'unverified' && wrongKey.tried[0]?.reason, 'SIGNATURE_MISMATCH');

  const empty = await verifyImageSignatures({
    imageDigest: IMAGE,
    store: new MemoryArtifactStore(),
    keys: [cosignPub()],
  });
  assert.deepEqual(empty, { kind: 'unverified', tried: [] });

  // The signature for IMAGE copied under OTHER's tag: valid signature, wrong image.
  const moved = await storeWithRealSignature(OTHER);
  const r = await verifyImageSignatures({ imageDigest: OTHER, store: moved, keys: [cosignPub()] });
  assert.equal(r.kind === 'unverified' && r.tried[0]?.reason, 'DIGEST_MISMATCH');
});

test('annotations and identity constraints', async () => {
  const store = new MemoryArtifactStore();
  const key = newKey();
  await signImage(store, {
    imageDigest: IMAGE,
    dockerReference: 'index.docker.io/library/app',
    key,
    annotations: { env: 'prod' },
  });
  const keys = [key.publicKey];
  assert.equal(
    (await verifyImageSignatures({ imageDigest: IMAGE, store, keys, annotations: { env: 'prod' } }))
      .kind,
    'verified',
  );
  const bad = await verifyImageSignatures({
    imageDigest: IMAGE,
    store,
    keys,
    annotations: { env: 'dev' },
  });
  assert.equal(bad.kind === 'unverified' && bad.tried[0]?.reason, 'ANNOTATION_MISMATCH');
  const okId = await verifyImageSignatures({
    imageDigest: IMAGE,
    store,
    keys,
    identity: { reference: `docker.io/library/app@${IMAGE}`, match: 'matchRepoDigestOrExact' },
  });
  assert.equal(okId.kind, 'verified');
  const badId = await verifyImageSignatures({
    imageDigest: IMAGE,
    store,
    keys,
    identity: { reference: `docker.io/library/other@${IMAGE}`, match: 'matchRepoDigestOrExact' },
  });
  assert.equal(badId.kind === 'unverified' && badId.tried[0]?.reason, 'IDENTITY_MISMATCH');
});

test('one signature that verifies is enough, whatever else is attached', async () => {
  const store = await storeWithRealSignature();
  const key = newKey();
  await signImage(store, { imageDigest: IMAGE, dockerReference: 'r/a', key });
  const r = await verifyImageSignatures({ imageDigest: IMAGE, store, keys: [key.publicKey] });
  assert.equal(r.kind === 'verified' && r.signatures.length, 1);
});

test('attestations verify with the key, bound to the image digest and predicate type', async () => {
  const store = new MemoryArtifactStore();
  const key = newKey();
  const predicateType = PREDICATE_TYPES['cyclonedx']!;
  await attestImage(store, {
    imageDigest: IMAGE,
    subjectName: 'r/a',
    predicateType,
    predicate: { bomFormat: 'CycloneDX' },
    key,
  });
  const keys = [key.publicKey];
  const r = await verifyImageAttestations({ imageDigest: IMAGE, store, keys, predicateType });
  assert.equal(r.kind, 'verified');
  assert.deepEqual(r.kind === 'verified' && r.attestations[0]!.statement.predicate, {
    bomFormat: 'CycloneDX',
  });
  const wrongType = await verifyImageAttestations({
    imageDigest: IMAGE,
    store,
    keys,
    predicateType: PREDICATE_TYPES['spdx']!,
  });
  assert.equal(
    wrongType.kind === 'unverified' && wrongType.tried[0]?.reason,
    'PREDICATE_TYPE_MISMATCH',
  );
  const otherKey = await verifyImageAttestations({
    imageDigest: IMAGE,
    store,
    keys: [newKey().publicKey],
  });
  assert.equal(otherKey.kind === 'unverified' && otherKey.tried[0]?.reason, 'SIGNATURE_MISMATCH');

  // A statement about another image, stored under this image's tag.
  const moved = new MemoryArtifactStore();
  const st = imageStatement('r/a', OTHER, predicateType, {});
  const env = signDsse('application/vnd.in-toto+json', serializeStatement(st), key.privateKey);
  await attachAttestation(moved, {
    imageDigest: IMAGE,
    envelope: serializeDsse(env),
    predicateType,
  });
  const m = await verifyImageAttestations({ imageDigest: IMAGE, store: moved, keys });
  assert.equal(m.kind === 'unverified' && m.tried[0]?.reason, 'SUBJECT_MISMATCH');
});

test('Statement v0.1, as cosign attest writes it, verifies too', async () => {
  const store = new MemoryArtifactStore();
  const key = newKey();
  await attestImage(store, {
    imageDigest: IMAGE,
    subjectName: 'r/a',
    predicateType: PREDICATE_TYPES['vuln']!,
    predicate: {},
    key,
    statementType: 'https://in-toto.io/Statement/v0.1',
  });
  const r = await verifyImageAttestations({ imageDigest: IMAGE, store, keys: [key.publicKey] });
  assert.equal(
    r.kind === 'verified' && r.attestations[0]!.statement._type,
    'https://in-toto.io/Statement/v0.1',
  );
});
