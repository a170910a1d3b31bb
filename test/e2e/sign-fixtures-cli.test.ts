// Issue #5: real key-based cosign signatures (containers/image test fixtures) verify through
// the CLI, and one flipped byte of the signature makes `sigil verify` exit 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOciLayoutDestination, digestOf, manifestMediaType } from '../../src/oci/index.ts';
import { OciLayoutArtifactStore, SIGN_ANNOTATIONS, attachSignature } from '../../src/sign/index.ts';
import { sigil } from '../helpers/cli.ts';
import { SIGN_FIXTURES, fixture, readDirSignature } from '../helpers/sign-fixtures.ts';

const tmp = mkdtempSync(join(tmpdir(), 'sigil-e2e-sign-fixtures-'));

// An OCI layout holding the fixture's manifest under `img` and its cosign signature, with the
// signature's bytes passed through `mangle`.
async function layoutWithSignature(dir: string, mangle: (sig: Buffer) => Buffer): Promise<string> {
  const manifest = fixture(`containers-image/${dir}/manifest.json`);
  const out = mkdtempSync(join(tmp, 'layout-'));
  const dst = await createOciLayoutDestination(out, { tag: 'img' });
  await dst.putManifest(
    {
      bytes: manifest,
      digest: digestOf(manifest),
      mediaType: manifestMediaType(manifest),
    },
    { root: true },
  );
  await dst.commit();
  const sig = readDirSignature(`containers-image/${dir}/signature-1`);
  const raw = Buffer.from(sig.annotations[SIGN_ANNOTATIONS.signature]!, 'base64');
  await attachSignature(new OciLayoutArtifactStore(out), {
    imageDigest: digestOf(manifest),
    payload: sig.payload,
    signatureB64: mangle(raw).toString('base64'),
  });
  return `oci:${out}:img`;
}

for (const [dir, pub] of [
  ['dir-img-cosign-valid', 'cosign.pub'],
  ['dir-img-cosign-key-rekor-valid', 'cosign2.pub'],
] as const) {
  test(`${dir}: sigil verify accepts the real signature and refuses it with one byte flipped`, async () => {
    const key = join(SIGN_FIXTURES, 'containers-image', pub);
    const good = await sigil(['verify', '--key', key, await layoutWithSignature(dir, (s) => s)]);
    assert.equal(good.code, 0, good.stderr);
    const flipped = await layoutWithSignature(dir, (s) => {
      const b = Buffer.from(s);
      b[20] = b[20]! ^ 0x01;
      return b;
    });
    const bad = await sigil(['verify', '--key', key, flipped]);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /SIGNATURE_MISMATCH|SIGNATURE_ENCODING/);
  });
}
