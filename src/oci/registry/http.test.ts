import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { RegistryClient, type RegistryClientOptions } from './client.ts';
import { fakeClock, json, registryError, startFake } from '../../../test/helpers/fake-registry.ts';
import { manifestBlob } from '../../../test/helpers/oci-builders.ts';
import { MEDIA_TYPES } from '../media-types.ts';
import type { SigilEvent } from '../../core/index.ts';

const image = manifestBlob(
  { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config: {}, layers: [] },
  MEDIA_TYPES.ociManifest,
);

function client(opts: RegistryClientOptions = {}) {
  return new RegistryClient({ env: {}, credentials: () => Promise.resolve(undefined), ...opts });
}

function serveManifest(res: import('node:http').ServerResponse) {
  res
    .writeHead(200, { 'content-type': image.mediaType, 'docker-content-digest': image.digest })
    .end(image.bytes);
}

test('429 with Retry-After waits as asked, then succeeds', async (t) => {
  let calls = 0;
  const fake = await startFake((_req, res) => {
    if (++calls === 1) return json(res, 429, {}, { 'retry-after': '7' });
    serveManifest(res);
  });
  t.after(() => fake.close());
  const clock = fakeClock();
  const m = await client({ clock }).getManifest({ registry: fake.host, repository: 'a', tag: 't' });
  assert.equal(m.digest, image.digest);
  assert.deepEqual(clock.sleeps, [7000]);
});

test('5xx twice then success, with growing backoff; endless 5xx and 429 give up', async (t) => {
  let calls = 0;
  const fake = await startFake((req, res) => {
    if (req.path.includes('/flaky/') && ++calls <= 2) return json(res, 503, {});
    if (req.path.includes('/down/')) return json(res, 502, {});
    if (req.path.includes('/busy/')) return registryError(res, 429, 'TOOMANYREQUESTS');
    serveManifest(res);
  });
  t.after(() => fake.close());
  const clock = fakeClock();
  const c = client({ clock, maxAttempts: 3 });
  await c.getManifest({ registry: fake.host, repository: 'flaky', tag: 't' });
  assert.deepEqual(clock.sleeps, [250, 500]);
  await assert.rejects(c.getManifest({ registry: fake.host, repository: 'down', tag: 't' }), {
    code: 'REGISTRY_ERROR',
  });
  await assert.rejects(c.getManifest({ registry: fake.host, repository: 'busy', tag: 't' }), {
    code: 'TOO_MANY_REQUESTS',
  });
  assert.equal(fake.seen.filter((r) => r.path.includes('/down/')).length, 3);
});

test('a registry that never answers fails with TIMEOUT', async (t) => {
  const fake = await startFake(() => {});
  t.after(() => fake.close());
  const started = Date.now();
  await assert.rejects(
    client({ timeoutMs: 150, maxAttempts: 1 }).getManifest({
      registry: fake.host,
      repository: 'a',
      tag: 't',
    }),
    { code: 'TIMEOUT' },
  );
  assert.ok(Date.now() - started < 5000);
});

test('a body that stalls fails with TIMEOUT', async (t) => {
  const fake = await startFake((_req, res) => {
    res.writeHead(200, { 'content-type': image.mediaType, 'content-length': image.bytes.length });
    res.write(image.bytes.subarray(0, 5));
  });
  t.after(() => fake.close());
  await assert.rejects(
    client({ idleTimeoutMs: 150 }).getManifest({ registry: fake.host, repository: 'a', tag: 't' }),
    { code: 'TIMEOUT' },
  );
});

test('connection refused is REGISTRY_UNREACHABLE', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  await assert.rejects(client().listTags({ registry: `127.0.0.1:${port}`, repository: 'a' }), {
    code: 'REGISTRY_UNREACHABLE',
  });
});

test('a redirect to another host drops Authorization; the registry still gets it', async (t) => {
  const storage = await startFake((_req, res) => {
    res.writeHead(200, { 'content-length': 5 }).end('hello');
  });
  t.after(() => storage.close());
  const registry = await startFake((req, res) => {
    if (req.headers.authorization === undefined) {
      return json(res, 401, {}, { 'www-authenticate': 'Basic realm="fake"' });
    }
    res.writeHead(307, { location: `http://${storage.host}/bucket/blob?sig=1` }).end();
  });
  t.after(() => registry.close());
  const desc = {
    mediaType: MEDIA_TYPES.ociLayerGzip,
    digest: 'sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    size: 5,
  };
  const c = client({ username: 'u', password: 'secret' });
  const chunks: Buffer[] = [];
  for await (const ch of await c.fetchBlob({ registry: registry.host, repository: 'a' }, desc))
    chunks.push(ch as Buffer);
  assert.equal(Buffer.concat(chunks).toString(), 'hello');
  assert.match(String(registry.seen.at(-1)?.headers.authorization), /^Basic /);
  assert.equal(storage.seen.length, 1);
  assert.equal(storage.seen[0]!.headers.authorization, undefined);
});

test('registry JSON errors map to their codes, bare statuses to sensible ones', async (t) => {
  const fake = await startFake((req, res) => {
    if (req.path.includes('/denied/')) return registryError(res, 403, 'DENIED', 'no\u0007 way');
    if (req.path.includes('/nameless/')) return registryError(res, 404, 'NAME_UNKNOWN');
    if (req.path.includes('/bare/')) return res.writeHead(404).end('not json');
    registryError(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
  });
  t.after(() => fake.close());
  const c = client();
  const get = (repository: string) => c.getManifest({ registry: fake.host, repository, tag: 't' });
  await assert.rejects(
    get('denied'),
    (err: Error & { code?: string }) => err.code === 'DENIED' && !err.message.includes('\u0007'),
  );
  await assert.rejects(get('nameless'), { code: 'NAME_UNKNOWN' });
  await assert.rejects(get('bare'), { code: 'MANIFEST_UNKNOWN' });
  await assert.rejects(get('other'), { code: 'MANIFEST_UNKNOWN' });
});

test('a 401 from the host a redirect led to never gets credentials', async (t) => {
  const storage = await startFake((_req, res) =>
    json(res, 401, {}, { 'www-authenticate': 'Basic realm="phish"' }),
  );
  t.after(() => storage.close());
  const registry = await startFake((req, res) => {
    if (req.headers.authorization === undefined)
      return json(res, 401, {}, { 'www-authenticate': 'Basic realm="r"' });
    res.writeHead(302, { location: `http://${storage.host}/blob` }).end();
  });
  t.after(() => registry.close());
  const desc = { mediaType: MEDIA_TYPES.ociLayerGzip, digest: `sha256:${'0'.repeat(64)}`, size: 1 };
  await assert.rejects(
    client({ username: 'u', password: 'p' }).fetchBlob(
      { registry: registry.host, repository: 'a' },
      desc,
    ),
    {
      code: 'UNAUTHORIZED',
    },
  );
  assert.ok(storage.seen.length >= 1);
  assert.ok(storage.seen.every((r) => r.headers.authorization === undefined));
});

test('retries are reported as warning events', async (t) => {
  let calls = 0;
  const fake = await startFake((_req, res) =>
    ++calls === 1 ? json(res, 500, {}) : serveManifest(res),
  );
  t.after(() => fake.close());
  const events: SigilEvent[] = [];
  await client({ clock: fakeClock(), events: (e) => events.push(e) }).getManifest({
    registry: fake.host,
    repository: 'a',
    tag: 't',
  });
  assert.equal(events.length, 1);
  assert.equal(events[0]!.kind === 'warning' && events[0]!.code, 'REGISTRY_RETRY');
});

test('a connection dropped before the answer is tried again', async (t) => {
  let calls = 0;
  const fake = await startFake((_req, res) =>
    ++calls === 1 ? res.socket?.destroy() : serveManifest(res),
  );
  t.after(() => fake.close());
  const clock = fakeClock();
  const m = await client({ clock }).getManifest({ registry: fake.host, repository: 'a', tag: 't' });
  assert.equal(m.digest, image.digest);
  assert.equal(calls, 2);
  assert.equal(clock.sleeps.length, 1);
});
