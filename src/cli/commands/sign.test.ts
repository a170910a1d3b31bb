import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { manifestBlob, randomImage } from '../../../test/helpers/oci-builders.ts';
import { MEDIA_TYPES, createOciLayoutDestination } from '../../oci/index.ts';
import type { CommandContext } from '../command.ts';
import { runCli } from '../run.ts';
import { keyGenerate } from './key-generate.ts';
import { sign } from './sign.ts';
import { tree } from './tree.ts';
import { verify } from './verify.ts';

const SAMPLE = fileURLToPath(new URL('../../../samples/oci', import.meta.url));
const COMMANDS = [keyGenerate, sign, verify, tree];

function harness(env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'sigil-sign-cmd-'));
  cpSync(SAMPLE, join(cwd, 'layout'), { recursive: true });
  let out = '';
  let err = '';
  const run = async (...argv: string[]) => {
    out = '';
    err = '';
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const stdin = new PassThrough();
    stdin.end();
    const ctx: CommandContext = { stdout, stderr, stdin, env, cwd, isTTY: false };
    return runCli(argv, ctx, COMMANDS);
  };
  return { cwd, run, image: `oci:${join(cwd, 'layout')}:sample`, out: () => out, err: () => err };
}

test('key generate → sign → verify on an OCI layout, password from COSIGN_PASSWORD', async () => {
  const h = harness({ COSIGN_PASSWORD: 'pw' });
  assert.equal(await h.run('key', 'generate'), 0, h.err());
  assert.match(readFileSync(join(h.cwd, 'cosign.key'), 'utf8'), /ENCRYPTED SIGSTORE PRIVATE KEY/);
  assert.equal(
    statSync(join(h.cwd, 'cosign.key')).mode & 0o077,
    0,
    'private key not world-readable',
  );
  assert.equal(await h.run('key', 'generate'), 2, 'refuses to overwrite');
  assert.match(h.err(), /FILE_EXISTS/);

  assert.equal(await h.run('sign', '--key', 'cosign.key', '-a', 'team=blue', h.image), 0);
  assert.match(h.err(), /^sigil: warning: /m);
  assert.equal(await h.run('verify', '--key', 'cosign.pub', '-a', 'team=blue', h.image), 0);
  assert.equal(await h.run('verify', '--key', 'cosign.pub', '-a', 'team=red', h.image), 1);
  assert.match(h.err(), /ANNOTATION_MISMATCH/);
  assert.equal(await h.run('tree', h.image), 0);
  assert.match(h.out(), /Signatures \(tag sha256-[0-9a-f]{64}\.sig\)/);
});

test('no password source and no terminal is PASSWORD_REQUIRED; a wrong password fails to decrypt', async () => {
  const h = harness({});
  assert.equal(await h.run('key', 'generate'), 2);
  assert.match(h.err(), /PASSWORD_REQUIRED/);
  const g = harness({ SIGIL_PASSWORD: 'right', COSIGN_PASSWORD: 'wrong' });
  assert.equal(await g.run('key', 'generate', '--output-prefix', 'k'), 0, g.err());
  const w = harness({ SIGIL_PASSWORD: 'wrong' });
  cpSync(join(g.cwd, 'k.key'), join(w.cwd, 'k.key'));
  assert.equal(await w.run('sign', '--key', 'k.key', w.image), 2);
  assert.match(w.err(), /KEY_DECRYPT_FAILED/);
});

test('verify with no signatures exits 1 and says so', async () => {
  const h = harness({ SIGIL_PASSWORD: '' });
  assert.equal(await h.run('key', 'generate'), 0);
  assert.equal(await h.run('verify', '--key', 'cosign.pub', h.image), 1);
  assert.match(h.err(), /no signatures found/);
});

test('--recursive signs an index and each manifest it lists', async () => {
  const h = harness({ SIGIL_PASSWORD: '' });
  assert.equal(await h.run('key', 'generate'), 0);
  const dir = join(h.cwd, 'multi');
  const images = [randomImage(100), randomImage(100)];
  const index = manifestBlob(
    {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      manifests: images.map((i) => ({
        mediaType: i.manifest.mediaType,
        digest: i.manifest.digest,
        size: i.manifest.bytes.length,
      })),
    },
    MEDIA_TYPES.ociIndex,
  );
  const dst = await createOciLayoutDestination(dir, { tag: 'i' });
  for (const i of images) {
    for (const b of [i.config, i.layer]) await dst.putBlob(b.desc, Readable.from([b.bytes]));
    await dst.putManifest(i.manifest, { root: false });
  }
  await dst.putManifest(index, { root: true });
  await dst.commit();
  assert.equal(await h.run('sign', '--recursive', '--key', 'cosign.key', `oci:${dir}:i`), 0);
  for (const digest of [index.digest, ...images.map((i) => i.manifest.digest)]) {
    assert.equal(await h.run('verify', '--key', 'cosign.pub', `oci:${dir}@${digest}`), 0, digest);
  }
});
