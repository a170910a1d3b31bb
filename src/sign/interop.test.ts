import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { fixture, readDirSignature } from '../../test/helpers/sign-fixtures.ts';
import { isSigilError } from '../core/index.ts';
import { digestOf } from '../oci/index.ts';
import { PREDICATE_TYPES, SIGN_ANNOTATIONS } from './constants.ts';
import { parseDsseEnvelope, verifyDsse } from './dsse.ts';
import { identityMatches, cosignIdentity } from './identity.ts';
import { parseStatement, serializeStatement, statementCovers } from './in-toto.ts';
import { generateKeyPair } from './keys/generate.ts';
import { loadPrivateKey, loadPublicKey } from './keys/load.ts';
import { buildSimpleSigningPayload } from './payload.ts';
import { signBytes, verifyBytesSignature } from './primitives.ts';
import { verifySimpleSigning } from './simple-signing.ts';

// Fixtures made with Debian 13's cosign 2.5.0 and skopeo 1.18.0: see PROVENANCE.md.
const I = 'interop';
const decryptFailed = (e: unknown) => isSigilError(e, 'KEY_DECRYPT_FAILED');

test('keys written by cosign 2.5 and skopeo 1.18 decrypt; wrong passwords fail', async () => {
  assert.equal(
    (await loadPrivateKey(fixture(`${I}/cosign25.key`), 'c0sign-pass')).kind,
    'ecdsa-p256',
  );
  assert.equal(
    (await loadPrivateKey(fixture(`${I}/skopeo.private`), 'sk0peo-pass')).kind,
    'ecdsa-p256',
  );
  await assert.rejects(
    loadPrivateKey(fixture(`${I}/skopeo.private`), 'c0sign-pass'),
    decryptFailed,
  );
});

test('cosign generate output is reproduced byte for byte (identity, sorted and escaped annotations)', () => {
  const digest = 'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';
  const ours = buildSimpleSigningPayload({
    dockerReference: cosignIdentity(`busybox@${digest}`),
    manifestDigest: digest,
    annotations: { zeta: '1', alpha: 'a<b>&c' },
  });
  assert.equal(Buffer.from(ours).toString(), fixture(`${I}/gen-busybox.json`).toString());
  const local = buildSimpleSigningPayload({
    dockerReference: cosignIdentity(`localhost:5000/app/x@${digest}`),
    manifestDigest: digest,
  });
  assert.equal(Buffer.from(local).toString(), fixture(`${I}/gen-local.json`).toString());
});

test('cosign sign-blob with a key sigil generated: cosign read the key, sigil verifies', async () => {
  const payload = fixture(`${I}/gen-local.json`);
  const sig = Buffer.from(fixture(`${I}/gen-local.sig-by-cosign`).toString().trim(), 'base64');
  assert.ok(verifyBytesSignature(loadPublicKey(fixture(`${I}/sigil.pub`)), payload, sig));
  const key = await loadPrivateKey(fixture(`${I}/sigil.key`), 'sigil-pass');
  assert.ok(verifyBytesSignature(key.publicKey, payload, sig));
});

test('a skopeo 1.18 sigstore signature verifies, bound to its manifest and identity', () => {
  const sig = readDirSignature(`${I}/skopeo-dir/signature-1`);
  const digest = digestOf(fixture(`${I}/skopeo-dir/manifest.json`));
  const r = verifySimpleSigning({
    payload: sig.payload,
    signatureB64: sig.annotations[SIGN_ANNOTATIONS.signature]!,
    publicKey: loadPublicKey(fixture(`${I}/skopeo.pub`)),
    expectedDigest: digest,
  });
  assert.equal(r.kind, 'verified');
  if (r.kind !== 'verified') return;
  assert.equal(r.payload.dockerReference, 'registry.example/sigil/sample:v1');
  assert.ok(
    identityMatches(
      r.payload.dockerReference,
      'registry.example/sigil/sample:v1',
      'matchRepoDigestOrExact',
    ),
  );
  assert.equal(
    identityMatches(
      r.payload.dockerReference,
      'registry.example/sigil/sample:v2',
      'matchRepoDigestOrExact',
    ),
    false,
  );
  const wrongKey = verifySimpleSigning({
    payload: sig.payload,
    signatureB64: sig.annotations[SIGN_ANNOTATIONS.signature]!,
    publicKey: loadPublicKey(fixture(`${I}/cosign25.pub`)),
    expectedDigest: digest,
  });
  assert.equal(wrongKey.kind, 'failed');
});

test('a cosign attest-blob envelope verifies, and its statement re-serializes to the signed bytes', () => {
  const env = parseDsseEnvelope(fixture(`${I}/attest-blob.dsse.json`));
  const r = verifyDsse(
    env,
    [loadPublicKey(fixture(`${I}/cosign25.pub`))],
    'application/vnd.in-toto+json',
  );
  assert.equal(r.kind, 'verified');
  if (r.kind !== 'verified') return;
  const st = parseStatement(r.payload);
  assert.equal(st.predicateType, PREDICATE_TYPES['slsaprovenance1']);
  assert.ok(statementCovers(st, digestOf(fixture(`${I}/gen-local.json`))));
  assert.equal(Buffer.from(serializeStatement(st)).toString(), r.payload.toString());
  assert.equal(verifyDsse(env, [loadPublicKey(fixture(`${I}/skopeo.pub`))]).kind, 'failed');
});

// Live round trip with the real binaries: scripts/run-tests.ts sets SIGIL_COSIGN to the copy
// scripts/setup --test fetched; in CI a missing cosign is a failure, not a skip.
const cosign =
  process.env['SIGIL_COSIGN'] ??
  path.resolve(import.meta.dirname, '..', '..', '.cache', 'tools', 'bin', 'cosign');
const skipLive =
  !existsSync(cosign) && !process.env['CI'] && 'cosign not fetched (scripts/setup --test)';
const run = promisify(execFile);

test(
  'live: cosign verify-blob accepts sigil signatures; cosign signs with sigil keys',
  { skip: skipLive },
  async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sigil-interop-'));
    try {
      const pair = await generateKeyPair('live-pass', { scrypt: 'legacy' });
      const key = await loadPrivateKey(pair.privateKeyPem, 'live-pass');
      const payload = buildSimpleSigningPayload({
        dockerReference: 'r.example/live',
        manifestDigest: digestOf(Buffer.from(dir)),
      });
      const file = (name: string, data: string | Uint8Array) => {
        writeFileSync(path.join(dir, name), data);
        return path.join(dir, name);
      };
      const payloadFile = file('payload.json', payload);
      file('sigil.key', pair.privateKeyPem);
      file('sigil.pub', pair.publicKeyPem);
      file('payload.sig', Buffer.from(signBytes(key.privateKey, payload)).toString('base64'));
      const env = { ...process.env, COSIGN_PASSWORD: 'live-pass' };
      const opts = { cwd: dir, env, timeout: 60_000 };
      await run(
        cosign,
        [
          'verify-blob',
          '--key',
          'sigil.pub',
          '--signature',
          'payload.sig',
          '--insecure-ignore-tlog=true',
          payloadFile,
        ],
        opts,
      );
      await run(
        cosign,
        [
          'sign-blob',
          '--key',
          'sigil.key',
          '--tlog-upload=false',
          '--yes',
          '--output-signature',
          'cosign.sig',
          payloadFile,
        ],
        opts,
      );
      const sig = Buffer.from(readFileSync(path.join(dir, 'cosign.sig'), 'utf8').trim(), 'base64');
      assert.ok(verifyBytesSignature(key.publicKey, payload, sig));
      await assert.rejects(
        run(
          cosign,
          [
            'verify-blob',
            '--key',
            'sigil.pub',
            '--signature',
            'payload.sig',
            '--insecure-ignore-tlog=true',
            file('other.json', '{}'),
          ],
          opts,
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
