import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS } from '../core/index.ts';
import { parseImageConfig, parseManifest } from './manifest.ts';

const d = (c: string) => 'sha256:' + c.repeat(64);
const desc = (mediaType: string, c = 'a', size = 10) => ({ mediaType, digest: d(c), size });
const OCI_M = 'application/vnd.oci.image.manifest.v1+json';
const OCI_I = 'application/vnd.oci.image.index.v1+json';
const DOCKER_M = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_L = 'application/vnd.docker.distribution.manifest.list.v2+json';
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

const manifest = {
  schemaVersion: 2,
  config: desc('application/vnd.oci.image.config.v1+json', 'c', 100),
  layers: [desc('application/vnd.oci.image.layer.v1.tar+gzip', 'b', 2000)],
};
const index = {
  schemaVersion: 2,
  manifests: [{ ...desc(OCI_M), platform: { os: 'linux', architecture: 'amd64' } }],
};

test('manifests and indexes are told apart, with and without mediaType', () => {
  const m = parseManifest(json(manifest));
  assert.equal(m.kind, 'manifest');
  assert.equal(m.mediaType, OCI_M);
  if (m.kind === 'manifest') assert.equal(m.manifest.layers[0]!.size, 2000);
  const i = parseManifest(json(index), 'application/json');
  assert.equal(i.kind, 'index');
  assert.equal(i.mediaType, OCI_I);
  assert.equal(
    parseManifest(json({ ...manifest, mediaType: DOCKER_M }), DOCKER_M).mediaType,
    DOCKER_M,
  );
  assert.equal(parseManifest(json({ ...index, mediaType: DOCKER_L })).kind, 'index');
  assert.equal(parseManifest(json(index), OCI_I).kind, 'index');
});

test('malformed manifests are MANIFEST_INVALID with a message saying why', () => {
  const cases: [unknown, RegExp, string?][] = [
    ['not json', /not valid JSON/],
    [[1, 2], /JSON object/],
    [{ ...manifest, schemaVersion: 3 }, /schemaVersion/],
    [{ ...manifest, config: { ...manifest.config, digest: 'sha256:xyz' } }, /config\.digest/],
    [{ ...manifest, layers: [{ ...manifest.layers[0], size: -1 }] }, /layers\[0\]\.size/],
    [{ ...manifest, layers: [{ ...manifest.layers[0], size: '1' }] }, /layers\[0\]\.size/],
    [{ ...manifest, layers: 'x' }, /layers must be a list/],
    [{ ...manifest, annotations: { a: 1 } }, /annotations/],
    [{ ...index, manifests: [{ ...desc(OCI_M), platform: { os: 'linux' } }] }, /platform/],
    [{ ...manifest, mediaType: OCI_I }, /must not have config/],
    [{ ...manifest, mediaType: OCI_M }, /differs from the declared/, DOCKER_M],
    [{ schemaVersion: 2 }, /neither/],
    [{ ...manifest, manifests: [] }, /neither/],
  ];
  for (const [doc, message, declared] of cases) {
    const bytes = typeof doc === 'string' ? Buffer.from(doc) : json(doc);
    assert.throws(
      () => parseManifest(bytes, declared),
      { code: 'MANIFEST_INVALID', message },
      String(message),
    );
  }
});

test('schema 1 and unknown media types are MEDIA_TYPE_UNSUPPORTED; size is bounded', () => {
  assert.throws(() => parseManifest(json({ schemaVersion: 1, fsLayers: [] })), {
    code: 'MEDIA_TYPE_UNSUPPORTED',
  });
  assert.throws(
    () =>
      parseManifest(json(manifest), 'application/vnd.docker.distribution.manifest.v1+prettyjws'),
    { code: 'MEDIA_TYPE_UNSUPPORTED' },
  );
  assert.throws(() => parseManifest(json({ ...manifest, mediaType: 'text/html' })), {
    code: 'MEDIA_TYPE_UNSUPPORTED',
  });
  assert.throws(() => parseManifest(Buffer.alloc(LIMITS.manifestBytes + 1, 0x20)), {
    code: 'MANIFEST_TOO_LARGE',
  });
});

test('image configs are checked and bounded', () => {
  const ok = parseImageConfig(
    json({ os: 'linux', architecture: 'arm64', rootfs: { type: 'layers', diff_ids: [d('a')] } }),
  );
  assert.equal(ok.architecture, 'arm64');
  assert.throws(() => parseImageConfig(json({ rootfs: { type: 'layers', diff_ids: ['x'] } })), {
    code: 'CONFIG_INVALID',
  });
  assert.throws(() => parseImageConfig(json({ os: 5 })), { code: 'CONFIG_INVALID' });
  assert.throws(() => parseImageConfig(Buffer.from('{')), { code: 'CONFIG_INVALID' });
  assert.throws(() => parseImageConfig(Buffer.alloc(LIMITS.configBytes + 1, 0x20)), {
    code: 'CONFIG_TOO_LARGE',
  });
});
