import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient, type RegistryClientOptions } from './client.ts';
import { parseChallenges } from './challenge.ts';
import {
  fakeClock,
  json,
  startFake,
  type FakeServer,
} from '../../../test/helpers/fake-registry.ts';

interface TokenWorld {
  registry: FakeServer;
  tokens: FakeServer;
  revoked: Set<string>;
}

// A registry that wants `Bearer tok-<n>` and a token server handing out tok-1, tok-2, …
async function tokenWorld(
  t: import('node:test').TestContext,
  realmPath = '/token',
): Promise<TokenWorld> {
  let issued = 0;
  const revoked = new Set<string>();
  const tokens = await startFake((req, res) => {
    if (req.headers.authorization === 'Basic ' + Buffer.from('u:wrong').toString('base64'))
      return json(res, 401, {});
    json(res, 200, { token: `tok-${++issued}`, expires_in: 60 });
  });
  const registry = await startFake((req, res) => {
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    if (token === undefined || !token.startsWith('tok-') || revoked.has(token)) {
      const repo = req.path.split('/')[2];
      return json(
        res,
        401,
        { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
        {
          'www-authenticate': `Bearer realm="http://${tokens.host}${realmPath}",service="fake",scope="repository:${repo}:pull"`,
        },
      );
    }
    json(res, 200, { tags: [token] });
  });
  t.after(() => Promise.all([registry.close(), tokens.close()]));
  return { registry, tokens, revoked };
}

const client = (opts: RegistryClientOptions) =>
  new RegistryClient({ env: {}, credentials: () => Promise.resolve(undefined), ...opts });

test('Bearer flow: Basic credentials go to the realm, tokens are cached per scope', async (t) => {
  const w = await tokenWorld(t);
  const c = client({ username: 'u', password: 'p', clock: fakeClock() });
  const a = { registry: w.registry.host, repository: 'a' };
  assert.deepEqual(await c.listTags(a), ['tok-1']);
  assert.deepEqual(await c.listTags(a), ['tok-1']);
  assert.equal(w.tokens.seen.length, 1, 'second call reuses the token');
  const asked = new URL(w.tokens.seen[0]!.path, 'http://x').searchParams;
  assert.equal(asked.get('service'), 'fake');
  assert.deepEqual(asked.getAll('scope'), ['repository:a:pull']);
  assert.equal(
    w.tokens.seen[0]!.headers.authorization,
    'Basic ' + Buffer.from('u:p').toString('base64'),
  );
  assert.deepEqual(
    await c.listTags({ ...a, repository: 'b' }),
    ['tok-2'],
    'another scope, another token',
  );
  assert.equal(w.tokens.seen.length, 2);
});

test('a refused token is fetched again; an expired one is not sent', async (t) => {
  const w = await tokenWorld(t);
  const clock = fakeClock();
  const c = client({ clock });
  const a = { registry: w.registry.host, repository: 'a' };
  assert.deepEqual(await c.listTags(a), ['tok-1']);
  w.revoked.add('tok-1');
  assert.deepEqual(await c.listTags(a), ['tok-2']);
  clock.advance(55_000);
  assert.deepEqual(await c.listTags(a), ['tok-3']);
  assert.equal(w.registry.seen.filter((r) => r.headers.authorization === 'Bearer tok-2').length, 1);
});

test('credentials the token server rejects are UNAUTHORIZED', async (t) => {
  const w = await tokenWorld(t);
  await assert.rejects(
    client({ username: 'u', password: 'wrong' }).listTags({
      registry: w.registry.host,
      repository: 'a',
    }),
    {
      code: 'UNAUTHORIZED',
    },
  );
});

test('an identity token is exchanged by the OAuth2 refresh-token grant', async (t) => {
  const w = await tokenWorld(t);
  const c = client({
    credentials: () => Promise.resolve({ kind: 'identity-token', token: 'refresh-me' }),
  });
  assert.deepEqual(await c.listTags({ registry: w.registry.host, repository: 'a' }), ['tok-1']);
  const req = w.tokens.seen[0]!;
  assert.equal(req.method, 'POST');
  const form = new URLSearchParams(req.body.toString());
  assert.equal(form.get('grant_type'), 'refresh_token');
  assert.equal(form.get('refresh_token'), 'refresh-me');
  assert.equal(form.get('scope'), 'repository:a:pull');
});

test('a realm on plain HTTP away from loopback is refused', async (t) => {
  const registry = await startFake((_req, res) =>
    json(
      res,
      401,
      {},
      { 'www-authenticate': 'Bearer realm="http://auth.example.com/token",service="x"' },
    ),
  );
  t.after(() => registry.close());
  await assert.rejects(
    client({ username: 'u', password: 'p' }).listTags({ registry: registry.host, repository: 'a' }),
    {
      code: 'INSECURE_REGISTRY',
    },
  );
});

test('Basic challenge: credentials sent, then sent up front; none means UNAUTHORIZED', async (t) => {
  const registry = await startFake((req, res) => {
    if (req.headers.authorization !== 'Basic ' + Buffer.from('u:p').toString('base64')) {
      return json(res, 401, {}, { 'www-authenticate': 'Basic realm="registry"' });
    }
    json(res, 200, { tags: ['ok'] });
  });
  t.after(() => registry.close());
  const c = client({ username: 'u', password: 'p' });
  const repo = { registry: registry.host, repository: 'a' };
  assert.deepEqual(await c.listTags(repo), ['ok']);
  assert.deepEqual(await c.listTags(repo), ['ok']);
  assert.equal(registry.seen.length, 3, 'one 401, then two authorized requests');
  await assert.rejects(client({}).listTags(repo), { code: 'UNAUTHORIZED' });
});

test('WWW-Authenticate parsing: several challenges, quoted commas and escapes', () => {
  assert.deepEqual(
    parseChallenges(
      'Bearer realm="https://auth.io/token",service="reg.io",scope="repository:a/b:pull,push", Basic realm="x \\"y\\""',
    ),
    [
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.io/token',
          service: 'reg.io',
          scope: 'repository:a/b:pull,push',
        },
      },
      { scheme: 'basic', params: { realm: 'x "y"' } },
    ],
  );
  assert.deepEqual(parseChallenges('Basic'), [{ scheme: 'basic', params: {} }]);
  assert.deepEqual(parseChallenges(null), []);
  assert.deepEqual(parseChallenges('bearer realm=https://a/t, error=insufficient_scope'), [
    { scheme: 'bearer', params: { realm: 'https://a/t', error: 'insufficient_scope' } },
  ]);
});

test('requests side by side share one token request', async (t) => {
  const w = await tokenWorld(t);
  const c = client({ clock: fakeClock() });
  const a = { registry: w.registry.host, repository: 'a' };
  const all = await Promise.all([1, 2, 3, 4, 5].map(() => c.listTags(a)));
  assert.deepEqual(all, Array(5).fill(['tok-1']));
  assert.equal(w.tokens.seen.length, 1);
});
