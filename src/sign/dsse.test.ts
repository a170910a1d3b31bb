import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { test } from 'node:test';
import { fixture } from '../../test/helpers/sign-fixtures.ts';
import { isSigilError } from '../core/index.ts';
import { digestOf } from '../oci/index.ts';
import { PREDICATE_TYPES, SIGN_MEDIA_TYPES } from './constants.ts';
import {
  envelopeFromJson,
  pae,
  parseDsseEnvelope,
  serializeDsse,
  signDsse,
  verifyDsse,
} from './dsse.ts';
import { imageStatement, parseStatement, serializeStatement, statementCovers } from './in-toto.ts';

interface Vector {
  payloadBody: string;
  payloadType: string;
  expectedPAE: string;
  publicKeyJwk: Record<string, string>;
  envelope: unknown;
}

const vector = JSON.parse(fixture('dsse/protocol-md-test-vector.json').toString()) as Vector;

test('PAE matches the DSSE spec test vector', () => {
  assert.equal(
    pae(vector.payloadType, Buffer.from(vector.payloadBody)).toString(),
    vector.expectedPAE,
  );
});

test('the DSSE spec test vector verifies (raw r||s ECDSA); a changed payload does not', () => {
  const key = createPublicKey({ key: vector.publicKeyJwk, format: 'jwk' });
  const env = parseDsseEnvelope(JSON.stringify(vector.envelope));
  const r = verifyDsse(env, [key]);
  assert.equal(r.kind, 'verified');
  assert.equal(r.kind === 'verified' && r.payload.toString(), 'hello world');
  const tampered = { ...env, payload: Buffer.from('hello World').toString('base64') };
  assert.equal(verifyDsse(tampered, [key]).kind, 'failed');
  // PAE binds the type: the same signature under another payloadType fails.
  assert.equal(
    verifyDsse({ ...env, payloadType: 'http://example.com/Other' }, [key]).kind,
    'failed',
  );
});

/** Sigstore bundles: verify the envelope with the key of the bundle's signing certificate. */
function bundle(rel: string): { envelope: unknown; key: KeyObject } {
  const doc = JSON.parse(fixture(rel).toString().trim()) as {
    dsseEnvelope: unknown;
    verificationMaterial: { certificate: { rawBytes: string } };
  };
  const cert = new X509Certificate(
    Buffer.from(doc.verificationMaterial.certificate.rawBytes, 'base64'),
  );
  return { envelope: doc.dsseEnvelope, key: cert.publicKey };
}

test('real SLSA v1 provenance (sigstore bundle) verifies and parses', () => {
  const { envelope, key } = bundle('slsa-provenance-v1/MODULE.bazel.intoto.jsonl');
  const r = verifyDsse(envelopeFromJson(envelope), [key], SIGN_MEDIA_TYPES.inToto);
  assert.equal(r.kind, 'verified');
  if (r.kind !== 'verified') return;
  const st = parseStatement(r.payload);
  assert.equal(st.predicateType, PREDICATE_TYPES['slsaprovenance1']);
  assert.ok(
    statementCovers(st, 'sha256:06ce330900a7d6403bc8d88e5dfad6aeeb8ae40179f66bb89e69c8bf6f6b1a0b'),
  );
  assert.equal(statementCovers(st, `sha256:${'0'.repeat(64)}`), false);
});

test('cosign attestation (in-toto v0.1, custom predicate) verifies; another key does not', () => {
  const { envelope, key } = bundle('cosign-testdata/oci-attestation.sigstore.json');
  const env = envelopeFromJson(envelope);
  const r = verifyDsse(env, [key]);
  assert.equal(r.kind, 'verified');
  if (r.kind === 'verified') {
    const st = parseStatement(r.payload);
    assert.equal(st.predicateType, PREDICATE_TYPES['custom']);
    assert.ok(
      statementCovers(
        st,
        'sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4',
      ),
    );
  }
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
  assert.equal(verifyDsse(env, [other]).kind, 'failed');
});

test('sign, serialize, parse, verify round trip with an in-toto statement', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const digest = digestOf(Buffer.from('manifest'));
  const statement = imageStatement('reg.example/app', digest, PREDICATE_TYPES['openvex']!, {
    a: 1,
  });
  const env = signDsse(SIGN_MEDIA_TYPES.inToto, serializeStatement(statement), privateKey);
  const bytes = serializeDsse(env);
  assert.match(
    Buffer.from(bytes).toString(),
    /^\{"payloadType":"application\/vnd.in-toto\+json","payload":"[^"]+","signatures":\[\{"keyid":"","sig":"[^"]+"\}\]\}$/,
  );
  const r = verifyDsse(parseDsseEnvelope(bytes), [
    generateKeyPairSync('ed25519').publicKey,
    publicKey,
  ]);
  assert.equal(r.kind === 'verified' && r.keyIndex, 1);
  if (r.kind === 'verified') {
    const st = parseStatement(r.payload);
    assert.equal(st._type, 'https://in-toto.io/Statement/v1');
    assert.ok(statementCovers(st, digest));
  }
});

test('malformed envelopes and statements are coded errors', () => {
  const envErr = (e: unknown) => isSigilError(e, 'ENVELOPE_INVALID');
  assert.throws(
    () => parseDsseEnvelope('{"payloadType":"x","payload":"aGk=","signatures":[]}'),
    envErr,
  );
  assert.throws(
    () => parseDsseEnvelope('{"payloadType":"x","payload":"!!","signatures":[{"sig":"AA=="}]}'),
    envErr,
  );
  assert.throws(
    () =>
      parseDsseEnvelope(
        '{"payloadType":"x","payloadType":"y","payload":"","signatures":[{"sig":"AA=="}]}',
      ),
    envErr,
  );
  assert.throws(() => parseDsseEnvelope('null'), envErr);
  const stErr = (e: unknown) => isSigilError(e, 'STATEMENT_INVALID');
  assert.throws(
    () => parseStatement(Buffer.from('{"_type":"x","subject":[],"predicateType":"p"}')),
    stErr,
  );
  assert.throws(
    () =>
      parseStatement(
        Buffer.from('{"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"p"}'),
      ),
    stErr,
  );
});
