// Issue #5, referrers: `sigil sign --referrers` writes a cosign-v3-style Sigstore bundle as an
// OCI 1.1 referrer and `sigil verify` finds it through the referrers API. Debian's registry has
// no referrers API, so an in-process registry speaking it plays the part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import {
  RegistryClient,
  createOciLayoutDestination,
  digestOf,
  parseReference,
} from '../../src/oci/index.ts';
import { randomImage } from '../helpers/oci-builders.ts';
import { sigil } from '../helpers/cli.ts';
import { startReferrersRegistry } from '../helpers/referrers-registry.ts';

const SAMPLE = `oci:${fileURLToPath(new URL('../../samples/oci', import.meta.url))}:sample`;
const tmp = mkdtempSync(join(tmpdir(), 'sigil-e2e-referrers-'));
const run = (...args: string[]) => sigil(args, { env: { SIGIL_PASSWORD: '' }, cwd: tmp });

test('sign --referrers, then verify through the referrers API; other key and moved bundle fail', async (t) => {
  const reg = await startReferrersRegistry();
  t.after(() => reg.close());
  const client = new RegistryClient({ env: {}, credentials: () => Promise.resolve(undefined) });
  const push = async (tag: string, from: string) => {
    const ref = `${reg.host}/app:${tag}`;
    assert.equal((await sigil(['copy', '--quiet', from, ref])).code, 0);
    return `${reg.host}/app@${await client.resolveDigest(parseReference(ref))}`;
  };
  const image = await push('1', SAMPLE);
  for (const p of ['mine', 'other']) {
    assert.equal((await run('key', 'generate', '--output-prefix', p)).code, 0);
  }

  const signed = await run('sign', '--referrers', '--key', 'mine.key', image);
  assert.equal(signed.code, 0, signed.stderr);
  // The signature is not under the tag scheme: only the referrers API can find it.
  const sigTag = `sha256-${image.split('@sha256:')[1]}.sig`;
  await assert.rejects(client.getManifest(parseReference(`${reg.host}/app:${sigTag}`)));

  const ok = await run('verify', '--key', 'mine.pub', '--output', 'json', image);
  assert.equal(ok.code, 0, ok.stderr);
  const [found] = JSON.parse(ok.stdout) as { bundle: { kind: string }; image: string }[];
  assert.equal(found?.bundle.kind, 'message-signature');
  assert.ok(reg.seen.some((r) => r.method === 'GET' && r.path.includes('/referrers/')));

  const other = await run('verify', '--key', 'other.pub', image);
  assert.equal(other.code, 1);
  assert.match(other.stderr, /SIGNATURE_MISMATCH/);

  const tree = await run('tree', image);
  assert.equal(tree.code, 0, tree.stderr);
  assert.match(
    tree.stdout,
    /Referrers \(OCI 1\.1\)[\s\S]*application\/vnd\.dev\.sigstore\.bundle\.v0\.3\+json/,
  );

  // Re-point the referrer at another image: its bundle still names the first digest.
  const repo = { registry: reg.host, repository: 'app' };
  const imageB = await push('2', `oci:${await randomLayout()}:r`);
  const refs = await client.listReferrers(repo, image.split('@')[1]!);
  const m = await client.getManifest(repo, refs[0]!.digest);
  const doc = JSON.parse(Buffer.from(m.bytes).toString()) as { subject: object };
  const b = await client.getManifest(repo, imageB.split('@')[1]!);
  doc.subject = { mediaType: b.mediaType, digest: b.digest, size: b.bytes.length };
  const bytes = Buffer.from(JSON.stringify(doc));
  await client.pushReferrer(repo, { bytes, digest: digestOf(bytes), mediaType: m.mediaType });
  const moved = await run('verify', '--key', 'mine.pub', imageB);
  assert.equal(moved.code, 1);
  assert.match(moved.stderr, /DIGEST_MISMATCH/);
});

async function randomLayout(): Promise<string> {
  const img = randomImage(500);
  const dir = mkdtempSync(join(tmp, 'img-'));
  const dst = await createOciLayoutDestination(dir, { tag: 'r' });
  for (const x of [img.config, img.layer]) await dst.putBlob(x.desc, Readable.from([x.bytes]));
  await dst.putManifest(img.manifest, { root: true });
  await dst.commit();
  return dir;
}
