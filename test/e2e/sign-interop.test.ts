// Issue #5's "done when", end to end: the real `sigil` CLI signing and verifying images in
// Debian's docker-registry, checked against cosign 2.5 and skopeo 1.18 in both directions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { RegistryClient, createOciLayoutDestination, parseReference } from '../../src/oci/index.ts';
import { artifactStoreContract } from '../../src/sign/artifacts/store.case.ts';
import { RegistryArtifactStore, artifactTag } from '../../src/sign/index.ts';
import { sigil } from '../helpers/cli.ts';
import { interopSkipReason, runTool, type RunResult } from '../helpers/interop.ts';
import { randomImage } from '../helpers/oci-builders.ts';
import {
  registryClientOptions,
  registrySkipReason,
  testRegistry,
  uniqueRepo,
  type TestRegistry,
} from '../helpers/registry.ts';

const skip = registrySkipReason() ?? interopSkipReason('cosign') ?? interopSkipReason('skopeo');
const tmp = mkdtempSync(join(tmpdir(), 'sigil-e2e-sign-'));
const PASSWORD = 'correct horse';
const cosignEnv = (() => {
  const home = join(tmp, 'cosign-home');
  mkdirSync(join(home, 'tuf'), { recursive: true });
  return {
    COSIGN_PASSWORD: PASSWORD,
    COSIGN_YES: 'true',
    HOME: home,
    SIGSTORE_NO_CACHE: 'true',
    TUF_ROOT: join(home, 'tuf'),
  };
})();
const sigilEnv = { SIGIL_PASSWORD: PASSWORD };

const cosign = (...args: string[]) => runTool('cosign', args, { env: cosignEnv, cwd: tmp });
const cosignVerify = (pub: string, image: string, ...extra: string[]) =>
  cosign(
    'verify',
    '--key',
    pub,
    '--insecure-ignore-tlog=true',
    '--allow-insecure-registry',
    '--allow-http-registry',
    ...extra,
    image,
  );
const cosignSign = (key: string, image: string, ...extra: string[]) =>
  cosign(
    'sign',
    '--key',
    key,
    '--tlog-upload=false',
    '--allow-insecure-registry',
    '--allow-http-registry',
    ...extra,
    image,
  );
const run = (...args: string[]) => sigil(args, { env: sigilEnv, cwd: tmp });
const ok = (r: RunResult, what: string) => assert.equal(r.code, 0, `${what}\n${r.stderr}`);

// A fresh random image in its own repository; returns `host/repo@digest`.
async function pushImage(reg: TestRegistry, prefix: string): Promise<string> {
  const img = randomImage(2000);
  const dir = join(tmp, uniqueRepo('src'));
  const dst = await createOciLayoutDestination(dir, { tag: 'r' });
  for (const b of [img.config, img.layer]) await dst.putBlob(b.desc, Readable.from([b.bytes]));
  await dst.putManifest(img.manifest, { root: true });
  await dst.commit();
  const ref = `${reg.host}/${uniqueRepo(prefix)}:1`;
  ok(await sigil(['copy', '--quiet', `oci:${dir}:r`, ref]), 'push');
  const digest = await new RegistryClient(registryClientOptions(reg)).resolveDigest(
    parseReference(ref),
  );
  return `${ref.slice(0, ref.lastIndexOf(':'))}@${digest}`;
}

// skopeo reads cosign attachments only when registries.d says so.
function skopeoConfig(pub: string): { policy: string; registriesD: string } {
  const dir = mkdtempSync(join(tmp, 'skopeo-'));
  const registriesD = join(dir, 'registries.d');
  mkdirSync(registriesD);
  writeFileSync(
    join(registriesD, 'sigstore.yaml'),
    'default-docker:\n  use-sigstore-attachments: true\n',
  );
  const policy = join(dir, 'policy.json');
  writeFileSync(
    policy,
    JSON.stringify({
      default: [{ type: 'reject' }],
      transports: {
        docker: {
          '': [
            {
              type: 'sigstoreSigned',
              keyPath: pub,
              signedIdentity: { type: 'matchRepository' },
            },
          ],
        },
      },
    }),
  );
  return { policy, registriesD };
}

async function keyPair(prefix: string): Promise<{ key: string; pub: string }> {
  ok(await run('key', 'generate', '--output-prefix', prefix), 'sigil key generate');
  return { key: join(tmp, `${prefix}.key`), pub: join(tmp, `${prefix}.pub`) };
}

if (skip !== undefined) test('RegistryArtifactStore contract', { skip }, () => {});
if (skip === undefined) {
  artifactStoreContract('RegistryArtifactStore', async () => {
    const reg = await testRegistry('plain');
    const client = new RegistryClient(registryClientOptions(reg));
    return new RegistryArtifactStore(client, {
      registry: reg.host,
      repository: uniqueRepo('store'),
    });
  });
}

test(
  'a Sigil signature passes cosign verify and a skopeo sigstoreSigned policy; another key fails',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    const image = await pushImage(reg, 'sigil-signed');
    const { key, pub } = await keyPair('sigil1');
    const other = await keyPair('sigil1-other');
    ok(await run('sign', '--key', key, '-a', 'team=blue', image), 'sigil sign');

    ok(await cosignVerify(pub, image), 'cosign verify');
    ok(await cosignVerify(pub, image, '-a', 'team=blue'), 'cosign verify -a');
    assert.notEqual(
      (await cosignVerify(pub, image, '-a', 'team=red')).code,
      0,
      'cosign -a mismatch',
    );
    assert.notEqual((await cosignVerify(other.pub, image)).code, 0, 'cosign with another key');

    for (const [pubKey, expected] of [
      [pub, 0],
      [other.pub, 'fail'],
    ] as const) {
      const cfg = skopeoConfig(pubKey);
      const r = await runTool('skopeo', [
        '--policy',
        cfg.policy,
        '--registries.d',
        cfg.registriesD,
        'copy',
        '--src-tls-verify=false',
        // The policy is enforced on the source either way; an OCI layout cannot hold them.
        '--remove-signatures',
        `docker://${image}`,
        `oci:${mkdtempSync(join(tmp, 'skopeo-out-'))}:x`,
      ]);
      if (expected === 0) ok(r, 'skopeo copy under policy');
      else assert.notEqual(r.code, 0, 'skopeo copy must fail with another key');
    }
  },
);

test(
  'a tag-named sign warns; verify exits 1 with a reason per signature; signatures append',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    const image = await pushImage(reg, 'sigil-tag');
    const byTag = `${image.slice(0, image.indexOf('@'))}:1`;
    const a = await keyPair('sigil2a');
    const b = await keyPair('sigil2b');
    const signed = await run('sign', '--key', a.key, byTag);
    ok(signed, 'sign by tag');
    assert.match(signed.stderr, /^sigil: warning: .*tag/m);
    ok(await run('sign', '--key', b.key, image), 'second signature');
    ok(await run('verify', '--key', a.pub, image), 'first still verifies');
    ok(await run('verify', '--key', b.key, image), 'private key as verify key');
    const c = await keyPair('sigil2c');
    const bad = await run('verify', '--key', c.pub, '--output', 'json', image);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr.match(/SIGNATURE_MISMATCH/g)?.length, 2, bad.stderr);
  },
);

test(
  'cosign-signed images pass sigil verify; -a mismatch and a moved signature fail',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    const imageA = await pushImage(reg, 'cosign-a');
    ok(
      await cosign('generate-key-pair', '--output-key-prefix', 'cosign-gen'),
      'cosign generate-key-pair',
    );
    const key = join(tmp, 'cosign-gen.key');
    const pub = join(tmp, 'cosign-gen.pub');
    ok(await cosignSign(key, imageA, '-a', 'env=prod'), 'cosign sign');

    const v = await run('verify', '--key', pub, '--output', 'json', imageA);
    ok(v, 'sigil verify of a cosign signature');
    const printed = JSON.parse(v.stdout) as {
      critical: { image: { 'docker-manifest-digest': string } };
      optional: Record<string, string>;
    }[];
    assert.equal(printed.length, 1);
    assert.equal(printed[0]?.critical.image['docker-manifest-digest'], imageA.split('@')[1]);
    assert.equal(printed[0]?.optional['env'], 'prod');
    ok(await run('verify', '--key', pub, '-a', 'env=prod', imageA), 'matching -a');
    const mismatch = await run('verify', '--key', pub, '-a', 'env=dev', imageA);
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.stderr, /ANNOTATION_MISMATCH/);

    // Keys from cosign sign with Sigil, and cosign accepts the result.
    const imageC = await pushImage(reg, 'cosign-key-sigil');
    ok(await run('sign', '--key', key, imageC), 'sigil sign with a cosign key');
    ok(await cosignVerify(pub, imageC), 'cosign verify of sigil signature with cosign key');

    // Move A's signature manifest to B's tag in the same repository: B must not verify.
    const repo = imageA.slice(0, imageA.indexOf('@'));
    const imageB = await pushImageInto(reg, repo);
    const client = new RegistryClient(registryClientOptions(reg));
    const r = parseReference(imageA);
    const digestA = imageA.slice(imageA.indexOf('@') + 1);
    const digestB = imageB.slice(imageB.indexOf('@') + 1);
    const sig = await client.getManifest(r, artifactTag(digestA, 'signature'));
    await client.putManifest(r, sig, artifactTag(digestB, 'signature'));
    const moved = await run('verify', '--key', pub, imageB);
    assert.equal(moved.code, 1);
    assert.match(moved.stderr, /DIGEST_MISMATCH/);
  },
);

// Another random image pushed into an existing repository.
async function pushImageInto(reg: TestRegistry, repo: string): Promise<string> {
  const other = await pushImage(reg, 'tmp');
  const target = `${repo}:other`;
  ok(await sigil(['copy', '--quiet', `docker://${other}`, target]), 'copy into repo');
  return `${repo}@${other.slice(other.indexOf('@') + 1)}`;
}

test('skopeo-signed images pass sigil verify; skopeo keys sign with Sigil', { skip }, async () => {
  const reg = await testRegistry('plain');
  const src = await pushImage(reg, 'skopeo-src');
  const prefix = join(tmp, 'skopeo-gen');
  const passFile = join(tmp, 'skopeo-pass');
  writeFileSync(passFile, PASSWORD);
  ok(
    await runTool('skopeo', [
      'generate-sigstore-key',
      '--output-prefix',
      prefix,
      '--passphrase-file',
      passFile,
    ]),
    'skopeo generate-sigstore-key',
  );
  const cfg = skopeoConfig(`${prefix}.pub`);
  const dest = `${reg.host}/${uniqueRepo('skopeo-signed')}:1`;
  ok(
    await runTool('skopeo', [
      '--insecure-policy',
      '--registries.d',
      cfg.registriesD,
      'copy',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      '--sign-by-sigstore-private-key',
      `${prefix}.private`,
      '--sign-passphrase-file',
      passFile,
      `docker://${src}`,
      `docker://${dest}`,
    ]),
    'skopeo copy --sign-by-sigstore-private-key',
  );
  const digest = await new RegistryClient(registryClientOptions(reg)).resolveDigest(
    parseReference(dest),
  );
  const signedRef = `${dest.slice(0, dest.lastIndexOf(':'))}@${digest}`;
  ok(await run('verify', '--key', `${prefix}.pub`, signedRef), 'sigil verify of skopeo signature');

  const mine = await pushImage(reg, 'skopeo-key-sigil');
  ok(await run('sign', '--key', `${prefix}.private`, mine), 'sigil sign with a skopeo key');
  ok(await cosignVerify(`${prefix}.pub`, mine), 'cosign verify of it');
});

test('a Sigil key signs with cosign', { skip }, async () => {
  const reg = await testRegistry('plain');
  const image = await pushImage(reg, 'sigil-key-cosign');
  const { key, pub } = await keyPair('sigil3');
  ok(await cosignSign(key, image), 'cosign sign --key sigil.key');
  ok(await run('verify', '--key', pub, image), 'sigil verify');
  ok(await cosignVerify(pub, image), 'cosign verify');
});

test(
  'attestations cross both ways: sigil attest → cosign verify-attestation and back',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    const image = await pushImage(reg, 'attest');
    const { key, pub } = await keyPair('sigil4');
    const predicate = join(tmp, 'predicate.json');
    writeFileSync(
      predicate,
      JSON.stringify({ buildDefinition: { buildType: 'https://example.com/t' } }),
    );
    ok(
      await run(
        'attest',
        '--key',
        key,
        '--type',
        'slsaprovenance1',
        '--predicate',
        predicate,
        image,
      ),
      'sigil attest',
    );
    ok(
      await cosign(
        'verify-attestation',
        '--key',
        pub,
        '--type',
        'slsaprovenance1',
        '--insecure-ignore-tlog=true',
        '--allow-insecure-registry',
        '--allow-http-registry',
        image,
      ),
      'cosign verify-attestation',
    );
    const wrongType = await run('verify-attestation', '--key', pub, '--type', 'openvex', image);
    assert.equal(wrongType.code, 1);

    const vex = join(tmp, 'vex.json');
    writeFileSync(
      vex,
      JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [] }),
    );
    ok(
      await cosign(
        'attest',
        '--key',
        key,
        '--tlog-upload=false',
        '--type',
        'openvex',
        '--predicate',
        vex,
        '--allow-insecure-registry',
        '--allow-http-registry',
        image,
      ),
      'cosign attest',
    );
    const v = await run(
      'verify-attestation',
      '--key',
      pub,
      '--type',
      'openvex',
      '--output',
      'json',
      image,
    );
    ok(v, 'sigil verify-attestation of cosign attestation');
    const statements = JSON.parse(v.stdout) as {
      predicateType: string;
      subject: { digest: { sha256: string } }[];
    }[];
    assert.equal(statements[0]?.predicateType, 'https://openvex.dev/ns');
    assert.equal(
      `sha256:${statements[0]?.subject[0]?.digest.sha256}`,
      image.slice(image.indexOf('@') + 1),
    );
    const tree = await run('tree', image);
    ok(tree, 'tree');
    assert.match(tree.stdout, /Attestations/);
  },
);
