import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { detectFileKind, findImageReferences, pinText, rewriteRepository } from './index.ts';

const digestFor = (ref: string): string =>
  `sha256:${createHash('sha256').update(ref).digest('hex')}`;
const resolve = async (ref: string): Promise<string> => digestFor(ref);
const D1 = `sha256:${'1'.repeat(64)}`;

test('kustomization: digest set beside newTag, name/newName honoured, comments kept', async () => {
  const before = [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources: [deployment.yaml]',
    'images:',
    '  # the web tier',
    '  - name: nginx # matched in resources',
    '    newTag: 1.20',
    '  - name: postgres',
    '    newName: my-registry/my-postgres',
    '    newTag: "v1"',
    "  - {name: redis, newTag: '7'}",
    '  - name: my-demo-app',
    '    newName: my-app',
    '  - name: alpine',
    `    digest: ${D1}`,
    '',
  ].join('\n');
  const result = await pinText(before, 'kustomization', resolve);
  const after = [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources: [deployment.yaml]',
    'images:',
    '  # the web tier',
    '  - name: nginx # matched in resources',
    '    newTag: 1.20',
    `    digest: ${digestFor('nginx:1.20')}`,
    '  - name: postgres',
    '    newName: my-registry/my-postgres',
    '    newTag: "v1"',
    `    digest: ${digestFor('my-registry/my-postgres:v1')}`,
    `  - {name: redis, newTag: '7', digest: ${digestFor('redis:7')}}`,
    '  - name: my-demo-app',
    '    newName: my-app',
    '  - name: alpine',
    `    digest: ${D1}`,
    '',
  ].join('\n');
  assert.equal(result.text, after);
  assert.deepEqual(
    result.warnings.map((w) => [w.code, w.line]),
    [['SKIPPED', 12]],
  );
  const again = await pinText(result.text, 'kustomization', resolve);
  assert.equal(again.text, result.text);
  assert.deepEqual(again.changes, []);
});

test('kustomization: an existing digest that no longer matches newTag is drift', async () => {
  const before = `images:\n- name: nginx\n  newTag: "1.25"\n  digest: ${D1}\n`;
  const report = await pinText(before, 'kustomization', resolve);
  assert.equal(report.text, before);
  assert.equal(report.warnings[0]?.code, 'DRIFT');
  const updated = await pinText(before, 'kustomization', resolve, { updateDrift: true });
  assert.equal(
    updated.text,
    `images:\n- name: nginx\n  newTag: "1.25"\n  digest: ${digestFor('nginx:1.25')}\n`,
  );
});

test('kustomization with CRLF line ends keeps them', async () => {
  const before = 'images:\r\n  - name: nginx\r\n    newTag: "1"\r\nresources: []\r\n';
  const result = await pinText(before, 'kustomization', resolve);
  assert.equal(
    result.text,
    `images:\r\n  - name: nginx\r\n    newTag: "1"\r\n    digest: ${digestFor('nginx:1')}\r\nresources: []\r\n`,
  );
});

test('compose: services.*.image pinned; built images, variables and non-service keys left alone', async () => {
  const before = [
    'x-common: &common',
    '  restart: always',
    'services:',
    '  web:',
    '    <<: *common',
    '    image: "nginx:1.25-alpine"   # front',
    '  db:',
    '    image: postgres:16',
    '    environment: {IMAGE: "not:me"}',
    '  app:',
    '    build: .',
    '    image: acme/app:dev',
    '  worker:',
    '    image: ${WORKER_IMAGE:-acme/worker:1}',
    'volumes: {data: {}}',
    '',
  ].join('\n');
  const result = await pinText(before, 'compose', resolve);
  const after = before
    .replace('"nginx:1.25-alpine"', `"nginx:1.25-alpine@${digestFor('nginx:1.25-alpine')}"`)
    .replace('image: postgres:16', `image: postgres:16@${digestFor('postgres:16')}`);
  assert.equal(result.text, after);
  assert.deepEqual(
    result.warnings.map((w) => [w.code, w.reference]),
    [
      ['SKIPPED', 'acme/app:dev'],
      ['SKIPPED', '${WORKER_IMAGE:-acme/worker:1}'],
    ],
  );
});

test('Dockerfile: FROM forms, stages, scratch, ARGs, heredocs, continuations, escape directive', async () => {
  const before = [
    '# syntax=docker/dockerfile:1',
    'ARG BASE=debian:12',
    'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    'RUN <<EOF',
    'FROM not-an-instruction:1',
    'EOF',
    'FROM ${BASE} AS runtime-base',
    'FROM build AS test',
    'FROM scratch',
    '  # indented comment',
    'from \\',
    '  ghcr.io/acme/base:3 \\',
    '  as Final',
    'COPY --from=build /out /out',
    'COPY --from=0 /a /a',
    'COPY --link --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/',
    'FROM final',
    'FROM redis:7 AS redis',
    'FROM node@sha256:' + '3'.repeat(64),
    '',
  ].join('\n');
  const refs = findImageReferences(before, 'dockerfile');
  assert.deepEqual(
    refs.map((r) => [r.line, r.column, r.state, r.reference]),
    [
      [3, 32, 'unpinned', 'golang:1.22'],
      [7, 6, 'skipped', '${BASE}'],
      [12, 3, 'unpinned', 'ghcr.io/acme/base:3'],
      [16, 20, 'unpinned', 'nginx:1.27'],
      [18, 6, 'unpinned', 'redis:7'],
      [19, 6, 'digest-only', `node@sha256:${'3'.repeat(64)}`],
    ],
  );
  const result = await pinText(before, 'dockerfile', resolve);
  assert.equal(
    result.text,
    before
      .replace(' golang:1.22 ', ` golang:1.22@${digestFor('golang:1.22')} `)
      .replace('--from=nginx:1.27 ', `--from=nginx:1.27@${digestFor('nginx:1.27')} `)
      .replace('FROM redis:7 ', `FROM redis:7@${digestFor('redis:7')} `)
      .replace(
        '  ghcr.io/acme/base:3 \\',
        `  ghcr.io/acme/base:3@${digestFor('ghcr.io/acme/base:3')} \\`,
      ),
  );
});

test('Dockerfile escape directive makes backtick the continuation character', () => {
  const text =
    '# escape=`\nFROM `\n  mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir c:\\\n';
  assert.deepEqual(
    findImageReferences(text, 'dockerfile').map((r) => [r.line, r.reference]),
    [[3, 'mcr.microsoft.com/windows/servercore:ltsc2022']],
  );
});

test('rewriteRepository points every spelling of a repository at a digest', () => {
  const text = [
    'kind: Pod',
    'spec:',
    '  containers:',
    '    - image: nginx:1.25',
    '    - image: docker.io/library/nginx:1.24@' + D1,
    '    - image: nginxinc/nginx:1',
    '',
  ].join('\n');
  const d = `sha256:${'9'.repeat(64)}`;
  const result = rewriteRepository(text, 'kubernetes', {
    repository: 'index.docker.io/library/nginx',
    tag: '1.23',
    digest: d,
  });
  assert.equal(
    result.text,
    text.replace('nginx:1.25', `nginx:1.23@${d}`).replace(`nginx:1.24@${D1}`, `nginx:1.23@${d}`),
  );
});

test('detectFileKind by name, then by content', () => {
  const cases: [string, string, string | undefined][] = [
    ['Dockerfile', '', 'dockerfile'],
    ['build/Dockerfile.prod', '', 'dockerfile'],
    ['app.dockerfile', '', 'dockerfile'],
    ['Containerfile', '', 'dockerfile'],
    ['kustomization.yaml', '', 'kustomization'],
    ['docker-compose.override.yml', '', 'compose'],
    ['compose.yaml', '', 'compose'],
    [
      'overlay.yaml',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n',
      'kustomization',
    ],
    ['deploy.yaml', '# x\napiVersion: v1\nkind: Pod\n', 'kubernetes'],
    ['stack.yml', 'services:\n  a: {image: x}\n', 'compose'],
    ['values.yaml', 'image:\n  repository: nginx\n', undefined],
    ['.github/workflows/ci.yml', 'on: push\njobs: {}\n', undefined],
    ['-', '# Source: chart/templates/x.yaml\n', 'kubernetes'],
  ];
  for (const [path, text, kind] of cases) assert.equal(detectFileKind(path, text), kind, path);
});
