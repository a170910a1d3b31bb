import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { digestOf, parseDigest } from '../../oci/index.ts';
import { SIGN_MEDIA_TYPES } from '../constants.ts';
import { signDsse } from '../dsse.ts';
import { imageStatement, serializeStatement } from '../in-toto.ts';
import { signBytes } from '../primitives.ts';
import { buildMessageSignatureBundle, verifyBundle } from './bundle.ts';

const key = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const manifest = Buffer.from(
  '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}',
);
const digest = digestOf(manifest);
const encode = (doc: unknown) => Buffer.from(JSON.stringify(doc));

test('a message-signature bundle verifies with its key and nothing else', () => {
  const mine = key();
  const bundle = encode(
    buildMessageSignatureBundle(parseDigest(digest).hex, signBytes(mine.privateKey, manifest)),
  );
  const ok = verifyBundle(bundle, digest, manifest, [key().publicKey, mine.publicKey], undefined);
  assert.deepEqual(ok, { kind: 'verified', content: { kind: 'message-signature' }, keyIndex: 1 });
  const other = verifyBundle(bundle, digest, manifest, [key().publicKey], undefined);
  assert.equal(other.kind === 'failed' && other.reason, 'SIGNATURE_MISMATCH');
  const annotated = verifyBundle(bundle, digest, manifest, [mine.publicKey], { a: 'b' });
  assert.equal(annotated.kind === 'failed' && annotated.reason, 'ANNOTATION_MISMATCH');
});

test('a bundle for another image fails on the digest, even with a valid signature', () => {
  const mine = key();
  const other = Buffer.from('{"schemaVersion":2}');
  const bundle = encode(
    buildMessageSignatureBundle(
      parseDigest(digestOf(other)).hex,
      signBytes(mine.privateKey, other),
    ),
  );
  const r = verifyBundle(bundle, digest, manifest, [mine.publicKey], undefined);
  assert.equal(r.kind === 'failed' && r.reason, 'DIGEST_MISMATCH');
});

test('a DSSE bundle verifies when its statement names the image', () => {
  const mine = key();
  const dsse = (subjectDigest: string) =>
    encode({
      mediaType: SIGN_MEDIA_TYPES.sigstoreBundleV03,
      verificationMaterial: { publicKey: { hint: '' } },
      dsseEnvelope: signDsse(
        SIGN_MEDIA_TYPES.inToto,
        serializeStatement(
          imageStatement('r.example/app', subjectDigest, 'https://sigstore.dev/cosign/sign/v1', {}),
        ),
        mine.privateKey,
      ),
    });
  const ok = verifyBundle(dsse(digest), digest, manifest, [mine.publicKey], undefined);
  assert.equal(ok.kind === 'verified' && ok.content.kind, 'dsse');
  const wrong = verifyBundle(
    dsse(digestOf(Buffer.from('x'))),
    digest,
    manifest,
    [mine.publicKey],
    undefined,
  );
  assert.equal(wrong.kind === 'failed' && wrong.reason, 'SUBJECT_MISMATCH');
});

test('malformed bundles are PAYLOAD_INVALID results, not exceptions', () => {
  for (const bytes of [
    '',
    'null',
    '{}',
    '{"messageSignature":{"messageDigest":{"algorithm":"MD5"}}}',
  ]) {
    const r = verifyBundle(Buffer.from(bytes), digest, manifest, [key().publicKey], undefined);
    assert.equal(r.kind === 'failed' && r.reason, 'PAYLOAD_INVALID', bytes);
  }
});
