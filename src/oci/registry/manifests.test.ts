import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { RegistryClient } from './client.ts';
import { startFake } from '../../../test/helpers/fake-registry.ts';
import { manifestBlob } from '../../../test/helpers/oci-builders.ts';
import { MEDIA_TYPES } from '../media-types.ts';
import { LIMITS } from '../../core/index.ts';

const image = manifestBlob(
  { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: {}, layers: [] },
  MEDIA_TYPES.ociManifest,
);
const other = manifestBlob(
  { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: {}, layers: [], x: 1 },
  MEDIA_TYPES.ociManifest,
);
const client = () => new RegistryClient({ env: {}, credentials: () => Promise.resolve(undefined) });

type Reply = (res: ServerResponse) => void;
const replies: Record<string, Reply> = {
  // Declared too large: refused before reading.
  big: (res) =>
    res
      .writeHead(200, {
        'content-type': image.mediaType,
        'content-length': LIMITS.manifestBytes + 1,
      })
      .end(),
  // Too large without a Content-Length: refused while reading.
  endless: (res) => {
    res.writeHead(200, { 'content-type': image.mediaType });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (res.write(chunk));
      res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  },
  swapped: (res) => res.writeHead(200, { 'content-type': image.mediaType }).end(other.bytes),
  lying: (res) =>
    res
      .writeHead(200, { 'content-type': image.mediaType, 'docker-content-digest': image.digest })
      .end(other.bytes),
  broken: (res) =>
    res.writeHead(200, { 'content-type': image.mediaType }).end('{"schemaVersion": 2,'),
  html: (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('{"hello": 1}'),
  disagree: (res) => res.writeHead(200, { 'content-type': MEDIA_TYPES.ociIndex }).end(image.bytes),
  generic: (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(image.bytes),
  ok: (res) =>
    res
      .writeHead(200, { 'content-type': image.mediaType, 'docker-content-digest': image.digest })
      .end(image.bytes),
};

async function fake(t: import('node:test').TestContext) {
  const server = await startFake((req, res) => {
    if (req.method === 'PUT')
      return res.writeHead(201, { 'docker-content-digest': other.digest }).end();
    replies[req.path.split('/')[2]!]!(res);
  });
  t.after(() => server.close());
  return (repository: string) => ({ registry: server.host, repository });
}

test('manifests larger than 4 MiB are MANIFEST_TOO_LARGE, declared or streamed', async (t) => {
  const repo = await fake(t);
  await assert.rejects(client().getManifest(repo('big'), 'v1'), { code: 'MANIFEST_TOO_LARGE' });
  await assert.rejects(client().getManifest(repo('endless'), 'v1'), { code: 'MANIFEST_TOO_LARGE' });
});

test('content that does not hash to the digest asked for, or Docker-Content-Digest, is DIGEST_MISMATCH', async (t) => {
  const repo = await fake(t);
  await assert.rejects(client().getManifest(repo('swapped'), image.digest), {
    code: 'DIGEST_MISMATCH',
  });
  await assert.rejects(client().getManifest(repo('lying'), 'v1'), { code: 'DIGEST_MISMATCH' });
  const ok = await client().getManifest(repo('ok'), image.digest);
  assert.deepEqual(Buffer.from(ok.bytes), Buffer.from(image.bytes));
});

test('malformed JSON is MANIFEST_INVALID; foreign media types are refused', async (t) => {
  const repo = await fake(t);
  await assert.rejects(client().getManifest(repo('broken'), 'v1'), { code: 'MANIFEST_INVALID' });
  await assert.rejects(client().getManifest(repo('html'), 'v1'), {
    code: 'MEDIA_TYPE_UNSUPPORTED',
  });
  await assert.rejects(client().getManifest(repo('disagree'), 'v1'), { code: 'MANIFEST_INVALID' });
  const generic = await client().getManifest(repo('generic'), 'v1');
  assert.equal(generic.mediaType, MEDIA_TYPES.ociManifest);
});

test('a push the registry stores under another digest is DIGEST_MISMATCH', async (t) => {
  const repo = await fake(t);
  await assert.rejects(client().putManifest(repo('ok'), image, 'v1'), { code: 'DIGEST_MISMATCH' });
  await assert.rejects(client().putManifest(repo('ok'), { ...image, digest: other.digest }), {
    code: 'DIGEST_MISMATCH',
  });
});

test('resolveDigest: HEAD when it names the digest, GET when it does not, MANIFEST_UNKNOWN when absent', async (t) => {
  const server = await startFake((req, res) => {
    const repo = req.path.split('/')[2];
    if (repo === 'none') return res.writeHead(404).end();
    if (req.method === 'HEAD' && repo === 'headful') {
      return res
        .writeHead(200, { 'content-type': image.mediaType, 'docker-content-digest': image.digest })
        .end();
    }
    if (req.method === 'HEAD') return res.writeHead(200, { 'content-type': image.mediaType }).end();
    res.writeHead(200, { 'content-type': image.mediaType }).end(image.bytes);
  });
  t.after(() => server.close());
  const at = (repository: string) => ({ registry: server.host, repository, tag: 'v1' });
  assert.equal(await client().resolveDigest(at('headful')), image.digest);
  assert.deepEqual(
    server.seen.map((r) => r.method),
    ['HEAD'],
  );
  assert.equal(await client().resolveDigest(at('headless')), image.digest);
  assert.deepEqual(
    server.seen.slice(1).map((r) => r.method),
    ['HEAD', 'GET'],
  );
  await assert.rejects(client().resolveDigest(at('none')), { code: 'MANIFEST_UNKNOWN' });
});
