import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { findImageReferences, pinText } from './index.ts';

const FIXTURES = new URL('./test-fixtures/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

// A fake registry: every tag resolves to the sha256 of its own name, so each is distinct.
function fakeRegistry(): { resolve: (ref: string) => Promise<string>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    resolve: async (ref) => {
      calls.push(ref);
      return digestFor(ref);
    },
  };
}
const digestFor = (ref: string): string =>
  `sha256:${createHash('sha256').update(ref).digest('hex')}`;

// Build the expected text by replacing each `find` (which must occur exactly once) in `before`.
function replaced(before: string, edits: readonly [find: string, replace: string][]): string {
  let out = before;
  for (const [find, replace] of edits) {
    assert.equal(out.split(find).length, 2, `${JSON.stringify(find)} must occur exactly once`);
    out = out.replace(find, () => replace);
  }
  return out;
}

test('multi-document manifest: only the image values change, byte for byte', async () => {
  const before = read('handwritten/multi.yaml');
  const registry = fakeRegistry();
  const result = await pinText(before, 'kubernetes', registry.resolve);
  const d = (ref: string): string => `${ref}@${digestFor(ref)}`;
  const expected = replaced(before, [
    ['&migrate "ghcr.io/acme/migrate:2.1"', `&migrate "${d('ghcr.io/acme/migrate:2.1')}"`],
    ['image: nginx:1.25 # web', `image: ${d('nginx:1.25')} # web`],
    ["image: 'envoyproxy/envoy:v1.30.1'", `image: '${d('envoyproxy/envoy:v1.30.1')}'`],
    [
      '"registry.example.com:5000/tools/once"',
      `"${d('registry.example.com:5000/tools/once:latest')}"`,
    ],
    ['image: busybox\n', `image: ${d('busybox:latest')}\n`],
  ]);
  assert.equal(result.text, expected);
  assert.equal(result.changes.length, 5);
  assert.deepEqual(registry.calls.sort(), [
    'busybox:latest',
    'envoyproxy/envoy:v1.30.1',
    'ghcr.io/acme/migrate:2.1',
    'nginx:1.25',
    'quay.io/legacy/app:0.9',
    'registry.example.com:5000/tools/once:latest',
  ]);
  // The pinned quay.io reference's tag resolves elsewhere now: reported, not changed.
  const drift = result.warnings.filter((w) => w.code === 'DRIFT');
  assert.deepEqual(
    drift.map((w) => [w.reference, w.line, w.current]),
    [
      [
        'quay.io/legacy/app:0.9@sha256:1111111111111111111111111111111111111111111111111111111111111111',
        45,
        digestFor('quay.io/legacy/app:0.9'),
      ],
    ],
  );
  const skipped = result.warnings.filter((w) => w.code === 'SKIPPED').map((w) => w.line);
  assert.deepEqual(skipped, [69, 71]);
});

test('pinning twice changes nothing the second time', async () => {
  const before = read('handwritten/multi.yaml');
  const once = await pinText(before, 'kubernetes', fakeRegistry().resolve);
  const twice = await pinText(once.text, 'kubernetes', fakeRegistry().resolve);
  assert.equal(twice.text, once.text);
  assert.deepEqual(twice.changes, []);
});

test('updateDrift re-points a pinned reference whose tag moved', async () => {
  const before = read('handwritten/multi.yaml');
  const result = await pinText(before, 'kubernetes', fakeRegistry().resolve, {
    updateDrift: true,
  });
  const moved = result.changes.find((c) => c.kind === 'drift-updated');
  assert.equal(moved?.to, `quay.io/legacy/app:0.9@${digestFor('quay.io/legacy/app:0.9')}`);
  assert.ok(result.text.includes(`image: ${moved.to}\n`));
  assert.ok(!result.text.includes('1111111111111111'));
});

test('findImageReferences lists each workload image once with its place and state', () => {
  const refs = findImageReferences(read('handwritten/multi.yaml'), 'kubernetes');
  assert.deepEqual(
    refs.map((r) => [r.line, r.column, r.state, r.reference]),
    [
      [13, 27, 'unpinned', 'ghcr.io/acme/migrate:2.1'],
      [16, 18, 'unpinned', 'nginx:1.25'],
      [20, 34, 'unpinned', 'envoyproxy/envoy:v1.30.1'],
      [37, 22, 'unpinned', 'registry.example.com:5000/tools/once'],
      [
        45,
        20,
        'pinned',
        'quay.io/legacy/app:0.9@sha256:1111111111111111111111111111111111111111111111111111111111111111',
      ],
      [
        53,
        22,
        'digest-only',
        'docker.io/library/alpine@sha256:2222222222222222222222222222222222222222222222222222222222222222',
      ],
      [56, 22, 'unpinned', 'busybox'],
      [69, 14, 'skipped', '{{ .Values.image }}'],
      [71, 14, 'skipped', 'nginx:1.25'],
    ],
  );
  const text = read('handwritten/multi.yaml');
  for (const r of refs.slice(0, 3))
    assert.ok(text.slice(r.range[0], r.range[1]).includes(r.reference));
});

// Real manifests: the objects of AdmissionReview requests (see test-fixtures/PROVENANCE.md).
test('real manifests from admission requests: every container image pinned, nothing else', async () => {
  const dir = new URL('admission/', FIXTURES);
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 6);
  for (const file of files) {
    const before = read(`admission/${file}`);
    const images = imagesOfSourceObject(before);
    assert.ok(images.length > 0, file);
    const result = await pinText(before, 'kubernetes', fakeRegistry().resolve);
    let expected = before;
    for (const image of new Set(images)) {
      if (image.includes('@')) continue;
      const tagged = /:[\w.-]+$/.test(image.split('/').at(-1) ?? '') ? image : `${image}:latest`;
      expected = expected.replaceAll(
        `image: ${image}\n`,
        `image: ${tagged}@${digestFor(tagged)}\n`,
      );
    }
    assert.equal(result.text, expected, file);
    assert.equal(
      result.changes.length,
      images.filter((i) => !i.includes('@')).length,
      `${file}: one change per unpinned image`,
    );
    assert.deepEqual(
      findImageReferences(result.text, 'kubernetes').filter((r) => r.state === 'unpinned'),
      [],
    );
  }
});

// The image values of a fixture, read independently of the code under test: line by line.
function imagesOfSourceObject(text: string): string[] {
  return [...text.matchAll(/^\s+(?:- )?image: (\S+)$/gm)].map((m) => m[1] ?? '');
}

test('a CronJob image is found under jobTemplate, and a bare spec.containers of a Deployment is not', () => {
  const text = [
    'kind: CronJob',
    'spec:',
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    '          containers: [{image: busybox:1.28}]',
    '---',
    'kind: Deployment',
    'spec:',
    '  containers: [{image: wrong:1}]',
    '',
  ].join('\n');
  assert.deepEqual(
    findImageReferences(text, 'kubernetes').map((r) => r.reference),
    ['busybox:1.28'],
  );
});

test('malformed YAML is a coded error with the line', () => {
  assert.throws(
    () => findImageReferences('kind: Pod\nspec: [unclosed\n', 'kubernetes'),
    (err: Error & { code?: string }) =>
      err.code === 'PIN_YAML_INVALID' && /line \d/.test(err.message),
  );
});

test('an invalid image value is skipped with a note, not fatal', async () => {
  const text = 'kind: Pod\nspec:\n  containers:\n    - image: "Not An Image"\n    - image: ok:1\n';
  const result = await pinText(text, 'kubernetes', fakeRegistry().resolve);
  assert.equal(result.changes.length, 1);
  assert.equal(result.warnings[0]?.code, 'SKIPPED');
});

test('a resolver failure or a bad digest is a warning and leaves the value alone', async () => {
  const text = 'kind: Pod\nspec:\n  containers:\n    - image: a:1\n    - image: b:1\n';
  const result = await pinText(text, 'kubernetes', async (ref) => {
    if (ref === 'a:1') throw new Error('manifest unknown');
    return 'sha256:nothex';
  });
  assert.equal(result.text, text);
  assert.deepEqual(
    result.warnings.map((w) => w.code),
    ['UNRESOLVED', 'UNRESOLVED'],
  );
});

test('hostile YAML: deep nesting and document floods end in a result or a coded error, quickly', () => {
  const started = Date.now();
  const deep = `kind: Pod\nspec: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
  try {
    assert.deepEqual(findImageReferences(deep, 'kubernetes'), []);
  } catch (err) {
    assert.equal((err as { code?: string }).code, 'PIN_YAML_INVALID');
  }
  assert.throws(() => findImageReferences('---\n'.repeat(20_000), 'kubernetes'), {
    code: 'PIN_INPUT_TOO_LARGE',
  });
  assert.ok(Date.now() - started < 5000);
});

test('progress events count every reference resolved', async () => {
  const events: { done: number; total: number | undefined }[] = [];
  await pinText(read('handwritten/multi.yaml'), 'kubernetes', fakeRegistry().resolve, {
    events: (e) => {
      if (e.kind === 'progress') events.push({ done: e.done, total: e.total });
    },
  });
  assert.equal(events.length, 9);
  assert.deepEqual(events.at(-1), { done: 9, total: 9 });
});
