import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDirSignature } from '../../test/helpers/sign-fixtures.ts';
import { isSigilError } from '../core/index.ts';
import { buildSimpleSigningPayload, parseSimpleSigningPayload } from './payload.ts';
import { cosignIdentity, identityMatches } from './identity.ts';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const invalid = (err: unknown) => isSigilError(err, 'PAYLOAD_INVALID');

test('payloads signed by real cosign are reproduced byte for byte', () => {
  // dir-img-cosign-valid was written by `cosign sign` without annotations: `optional: null`.
  const { payload } = readDirSignature('containers-image/dir-img-cosign-valid/signature-1');
  const parsed = parseSimpleSigningPayload(payload);
  assert.equal(parsed.dockerReference, '192.168.64.2:5000/cosign-signed-single-sample');
  assert.equal(
    parsed.manifestDigest,
    'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00',
  );
  assert.equal(parsed.optional, null);
  const rebuilt = buildSimpleSigningPayload({
    dockerReference: parsed.dockerReference,
    manifestDigest: parsed.manifestDigest,
  });
  assert.equal(Buffer.from(rebuilt).toString(), payload.toString());
});

test('containers/image payloads (creator, timestamp in optional) parse', () => {
  const { payload } = readDirSignature(
    'containers-image/dir-img-cosign-valid-with-tag/signature-1',
  );
  const parsed = parseSimpleSigningPayload(payload);
  assert.equal(parsed.dockerReference, '192.168.64.2:5000/skopeo-signed:tag');
  assert.deepEqual(parsed.optional, {
    creator: 'containers/image 5.21.2-dev',
    timestamp: 1657296609,
  });
});

test('annotations: keys sorted as Go sorts map keys, HTML characters escaped as Go escapes them', () => {
  const bytes = buildSimpleSigningPayload({
    dockerReference: 'r.example/a',
    manifestDigest: DIGEST,
    annotations: { zeta: '1', alpha: 'a<b>&c' },
  });
  assert.equal(
    Buffer.from(bytes).toString(),
    '{"critical":{"identity":{"docker-reference":"r.example/a"},"image":{"docker-manifest-digest":"' +
      DIGEST +
      '"},"type":"cosign container image signature"},"optional":{"alpha":"a\\u003cb\\u003e\\u0026c","zeta":"1"}}',
  );
  assert.deepEqual(parseSimpleSigningPayload(bytes).optional, { alpha: 'a<b>&c', zeta: '1' });
});

test('strict parsing refuses what containers/image refuses', () => {
  const ok = JSON.parse(
    Buffer.from(
      buildSimpleSigningPayload({ dockerReference: 'r/a', manifestDigest: DIGEST }),
    ).toString(),
  ) as {
    critical: Record<string, unknown>;
  };
  const variants: unknown[] = [
    { ...ok, extra: 1 },
    { critical: ok.critical },
    { critical: { ...ok.critical, type: 'atomic container signature' }, optional: null },
    { critical: { ...ok.critical, more: 1 }, optional: null },
    {
      critical: { ...ok.critical, image: { 'docker-manifest-digest': 'sha256:short' } },
      optional: null,
    },
    { critical: { ...ok.critical, identity: { 'docker-reference': 5 } }, optional: null },
    { critical: ok.critical, optional: [] },
    [],
  ];
  for (const v of variants) {
    assert.throws(
      () => parseSimpleSigningPayload(Buffer.from(JSON.stringify(v))),
      invalid,
      JSON.stringify(v),
    );
  }
  const dup = Buffer.from(
    ok && `{"critical":${JSON.stringify(ok.critical)},"optional":null,"optional":{}}`,
  );
  assert.throws(() => parseSimpleSigningPayload(dup), invalid);
  assert.throws(() => parseSimpleSigningPayload(Buffer.from([0x7b, 0xff, 0x7d])), invalid);
  assert.throws(() => parseSimpleSigningPayload(Buffer.from('['.repeat(100_000))), invalid);
  assert.throws(
    () => parseSimpleSigningPayload(Buffer.alloc(300 * 1024, 0x20)),
    (err) => isSigilError(err, 'PAYLOAD_TOO_LARGE'),
  );
});

test('cosign identity is the repository as go-containerregistry names it', () => {
  assert.equal(cosignIdentity('busybox:1.36'), 'index.docker.io/library/busybox');
  assert.equal(cosignIdentity('docker.io/me/app@' + DIGEST), 'index.docker.io/me/app');
  assert.equal(cosignIdentity('localhost:5000/a/b:t'), 'localhost:5000/a/b');
  assert.throws(() => cosignIdentity('UPPER/case'), invalid);
});

test('identity matching follows containers/image signedIdentity kinds', () => {
  const signed = 'index.docker.io/library/busybox';
  assert.ok(identityMatches(signed, 'busybox@' + DIGEST, 'matchRepoDigestOrExact'));
  assert.equal(identityMatches(signed, 'busybox:latest', 'matchRepoDigestOrExact'), false);
  assert.ok(
    identityMatches('busybox:latest', 'docker.io/library/busybox:latest', 'matchRepoDigestOrExact'),
  );
  assert.ok(identityMatches(signed, 'busybox:latest', 'matchRepository'));
  assert.equal(identityMatches(signed, 'other/busybox@' + DIGEST, 'matchRepository'), false);
  assert.equal(identityMatches('r.example/a:1', 'r.example/a:2', 'matchExact'), false);
  assert.equal(identityMatches('not a ref', 'busybox', 'matchRepository'), false);
});
