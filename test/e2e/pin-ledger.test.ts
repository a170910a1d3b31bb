// Issue #7's "done when", end to end: `sigil pin` and `sigil ledger` against Debian's
// docker-registry, with skopeo as the independent judge of what each tag points at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedImageLayout } from '../../src/oci/testing/shared-fixtures.ts';
import { sigil } from '../helpers/cli.ts';
import { interopSkipReason, runTool } from '../helpers/interop.ts';
import { registrySkipReason, testRegistry, uniqueRepo } from '../helpers/registry.ts';

const layout = sharedImageLayout();
const skip =
  registrySkipReason() ??
  interopSkipReason('skopeo') ??
  (layout === undefined ? 'shared fixture images not found' : undefined);
const sha256 = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;
const skopeo = (...args: string[]) => runTool('skopeo', ['--insecure-policy', ...args]);

async function push(tag: string, ref: string, all = false): Promise<void> {
  const r = await skopeo(
    'copy',
    '--dest-tls-verify=false',
    '--preserve-digests',
    ...(all ? ['--all'] : []),
    `oci:${layout}:${tag}`,
    `docker://${ref}`,
  );
  assert.equal(r.code, 0, r.stderr);
}

/** What the registry says `ref` points at, by skopeo: digest of the manifest or index as stored. */
async function skopeoDigest(ref: string): Promise<string> {
  const r = await skopeo('inspect', '--tls-verify=false', '--raw', `docker://${ref}`);
  assert.equal(r.code, 0, r.stderr);
  return sha256(r.stdout);
}

test(
  "pin: multi-document manifests, a Dockerfile and compose file get skopeo's digests and nothing else changes",
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    const app = `${reg.host}/${uniqueRepo('app')}:1.0`;
    const multi = `${reg.host}/${uniqueRepo('multi')}:2`;
    await push('node-app', app);
    await push('multiarch', multi, true);
    const dir = mkdtempSync(join(tmpdir(), 'sigil-pin-'));
    const files: Record<string, string> = {
      'deploy.yaml': [
        '# web tier',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  template:',
        '    spec:',
        '      initContainers:',
        `        - name: init   # runs first`,
        `          image: "${multi}"`,
        '      containers:',
        '        - name: web',
        `          image: ${app}`,
        '---',
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata:',
        '  name: nightly',
        'spec:',
        '  schedule: "0 3 * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        '          containers:',
        `            - {name: job, image: '${app}'}`,
        '',
      ].join('\n'),
      Dockerfile: `FROM ${multi} AS build\nRUN make\nFROM ${app}\nCOPY --from=build /out /out\n`,
      'compose.yaml': `services:\n  web:\n    image: ${app} # pinned by CI\n`,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);

    const before = await sigil(['pin', '--check', dir]);
    assert.equal(before.code, 1, 'unpinned references fail --check');
    const listed = before.stdout + before.stderr;
    assert.equal(listed.split(app).length - 1, 4, listed);
    assert.equal(listed.split(multi).length - 1, 2, listed);

    const pinned = await sigil(['pin', '--write', dir]);
    assert.equal(pinned.code, 0, pinned.stderr);
    const appDigest = await skopeoDigest(app);
    const multiDigest = await skopeoDigest(multi);
    for (const [name, text] of Object.entries(files)) {
      // Expected text built independently: only the references gain their digest.
      const expected = text
        .replaceAll(app, `${app}@${appDigest}`)
        .replaceAll(multi, `${multi}@${multiDigest}`);
      assert.equal(readFileSync(join(dir, name), 'utf8'), expected, name);
    }

    const again = await sigil(['pin', '--write', dir]);
    assert.equal(again.code, 0, again.stderr);
    for (const [name, text] of Object.entries(files)) {
      const expected = text
        .replaceAll(app, `${app}@${appDigest}`)
        .replaceAll(multi, `${multi}@${multiDigest}`);
      assert.equal(
        readFileSync(join(dir, name), 'utf8'),
        expected,
        `${name} unchanged by a second run`,
      );
    }
    assert.equal((await sigil(['pin', '--check', dir])).code, 0);
  },
);

test(
  'ledger: a re-tagged image is reported by check (exit 1); rollback gives and writes the previous digest',
  { skip },
  async () => {
    const reg = await testRegistry('plain');
    const image = `${reg.host}/${uniqueRepo('svc')}:stable`;
    const ledger = join(mkdtempSync(join(tmpdir(), 'sigil-ledger-')), 'ledger.sqlite');
    const L = ['--ledger', ledger];

    await push('debian-bookworm', image);
    const first = await skopeoDigest(image);
    assert.equal(
      (await sigil(['ledger', 'record', image, '--app', 'svc', '--env', 'prod', ...L])).code,
      0,
    );
    assert.equal((await sigil(['ledger', 'check', ...L])).code, 0, 'nothing moved yet');

    await push('python-app', image); // the tag moves
    const second = await skopeoDigest(image);
    assert.notEqual(first, second);
    const moved = await sigil(['ledger', 'check', ...L]);
    assert.equal(moved.code, 1);
    assert.match(
      moved.stdout,
      new RegExp(`moved: .*svc.*:stable promoted ${first}.* now ${second}`),
    );

    assert.equal(
      (await sigil(['ledger', 'record', image, '--app', 'svc', '--env', 'prod', ...L])).code,
      0,
    );
    const manifests = mkdtempSync(join(tmpdir(), 'sigil-rollback-'));
    mkdirSync(join(manifests, 'k8s'));
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: svc # keep me\nspec:\n  containers:\n    - name: svc\n      image: ${image}@${second}\n`;
    writeFileSync(join(manifests, 'k8s', 'pod.yaml'), pod);

    const shown = await sigil(['ledger', 'rollback', '--app', 'svc', '--env', 'prod', ...L]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(shown.stdout.includes(first), shown.stdout);
    assert.equal(
      readFileSync(join(manifests, 'k8s', 'pod.yaml'), 'utf8'),
      pod,
      'printing changes no file',
    );

    const written = await sigil([
      'ledger',
      'rollback',
      '--app',
      'svc',
      '--env',
      'prod',
      '--write',
      ...L,
      join(manifests, 'k8s'),
    ]);
    assert.equal(written.code, 0, written.stderr);
    assert.equal(
      readFileSync(join(manifests, 'k8s', 'pod.yaml'), 'utf8'),
      pod.replace(second, first),
    );
  },
);
