import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { fixture, readDirSignature } from '../../test/helpers/sign-fixtures.ts';
import { digestOf } from '../oci/index.ts';
import { loadPublicKey } from './keys/load.ts';
import { buildSimpleSigningPayload } from './payload.ts';
import { signBytes } from './primitives.ts';
import { verifySimpleSigning } from './simple-signing.ts';
import { SIGN_ANNOTATIONS } from './constants.ts';

const cases = [
  [
    'dir-img-cosign-valid',
    'cosign.pub',
    'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00',
  ],
  [
    'dir-img-cosign-valid-with-tag',
    'cosign.pub',
    'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00',
  ],
  [
    'dir-img-cosign-key-rekor-valid',
    'cosign2.pub',
    'sha256:0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a',
  ],
] as const;

function load(dir: string, pub: string) {
  const sig = readDirSignature(`containers-image/${dir}/signature-1`);
  return {
    payload: sig.payload,
    signatureB64: sig.annotations[SIGN_ANNOTATIONS.signature] ?? '',
    publicKey: loadPublicKey(fixture(`containers-image/${pub}`)),
  };
}

test('real cosign signatures verify against the image manifest digest', () => {
  for (const [dir, pub, digest] of cases) {
    // The digest comes from the image's manifest file, not from the payload under test.
    assert.equal(
      digestOf(fixture(`containers-image/${dir}/manifest.json`)),
      digest,
      `${dir}: fixture manifest digest`,
    );
    const r = verifySimpleSigning({ ...load(dir, pub), expectedDigest: digest });
    assert.equal(r.kind, 'verified', `${dir}: ${r.kind === 'failed' ? r.message : ''}`);
  }
});

test('one flipped byte of payload or signature fails', () => {
  const [dir, pub, digest] = cases[0];
  const base = load(dir, pub);
  for (let i = 0; i < base.payload.length; i += 37) {
    const payload = Buffer.from(base.payload);
    payload[i] = payload[i]! ^ 0x01;
    const r = verifySimpleSigning({ ...base, payload, expectedDigest: digest });
    assert.deepEqual(
      [r.kind, r.kind === 'failed' && r.reason],
      ['failed', 'SIGNATURE_MISMATCH'],
      `payload byte ${i}`,
    );
  }
  const sig = Buffer.from(base.signatureB64, 'base64');
  for (let i = 0; i < sig.length; i += 7) {
    const bad = Buffer.from(sig);
    bad[i] = bad[i]! ^ 0x80;
    const r = verifySimpleSigning({
      ...base,
      signatureB64: bad.toString('base64'),
      expectedDigest: digest,
    });
    assert.equal(r.kind, 'failed', `signature byte ${i}`);
  }
});

test('a signature moved to another image fails on the digest binding', () => {
  const [dir, pub] = cases[0];
  const other = 'sha256:0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a';
  const r = verifySimpleSigning({ ...load(dir, pub), expectedDigest: other });
  assert.equal(r.kind === 'failed' && r.reason, 'DIGEST_MISMATCH');
});

test('the wrong key fails; a non-base64 signature fails without throwing', () => {
  const [dir, , digest] = cases[0];
  const wrongKey = verifySimpleSigning({ ...load(dir, 'cosign2.pub'), expectedDigest: digest });
  assert.equal(wrongKey.kind === 'failed' && wrongKey.reason, 'SIGNATURE_MISMATCH');
  const garbage = verifySimpleSigning({
    ...load(dir, 'cosign.pub'),
    signatureB64: 'not base64!',
    expectedDigest: digest,
  });
  assert.equal(garbage.kind === 'failed' && garbage.reason, 'SIGNATURE_ENCODING');
});

test('annotations (-a key=value) must be present in optional and equal', () => {
  const [dir, pub, digest] = cases[1];
  const base = { ...load(dir, pub), expectedDigest: digest };
  assert.equal(
    verifySimpleSigning({
      ...base,
      expectedAnnotations: { creator: 'containers/image 5.21.2-dev' },
    }).kind,
    'verified',
  );
  const wrong = verifySimpleSigning({ ...base, expectedAnnotations: { creator: 'cosign' } });
  assert.equal(wrong.kind === 'failed' && wrong.reason, 'ANNOTATION_MISMATCH');
  // A number in the payload is not the string a user passes with -a.
  const num = verifySimpleSigning({ ...base, expectedAnnotations: { timestamp: '1657296609' } });
  assert.equal(num.kind === 'failed' && num.reason, 'ANNOTATION_MISMATCH');
});

test('a validly signed but malformed payload is PAYLOAD_INVALID', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const payload = Buffer.from('{"critical":{},"optional":null}');
  const r = verifySimpleSigning({
    payload,
    signatureB64: Buffer.from(signBytes(privateKey, payload)).toString('base64'),
    publicKey,
    expectedDigest: `sha256:${'0'.repeat(64)}`,
  });
  assert.equal(r.kind === 'failed' && r.reason, 'PAYLOAD_INVALID');
  const good = buildSimpleSigningPayload({
    dockerReference: 'r/a',
    manifestDigest: `sha256:${'0'.repeat(64)}`,
  });
  const ok = verifySimpleSigning({
    payload: good,
    signatureB64: Buffer.from(signBytes(privateKey, good)).toString('base64'),
    publicKey,
    expectedDigest: `sha256:${'0'.repeat(64)}`,
  });
  assert.equal(ok.kind, 'verified');
});

test('a signature annotation wrapped in lines (as some signers write it) still verifies', () => {
  const [dir, pub, digest] = cases[0];
  const base = load(dir, pub);
  const wrapped = `${base.signatureB64.slice(0, 40)}\n${base.signatureB64.slice(40)}\n`;
  const r = verifySimpleSigning({ ...base, signatureB64: wrapped, expectedDigest: digest });
  assert.equal(r.kind, 'verified');
});
