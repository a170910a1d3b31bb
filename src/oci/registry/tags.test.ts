import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from './client.ts';
import { json, startFake } from '../../../test/helpers/fake-registry.ts';

const client = (maxPages?: number) =>
  new RegistryClient({
    env: {},
    credentials: () => Promise.resolve(undefined),
    ...(maxPages ? { maxPages } : {}),
  });

test('tags are collected across Link pages', async (t) => {
  const fake = await startFake((req, res) => {
    const last = new URL(req.path, 'http://x').searchParams.get('last');
    if (last === null)
      return json(
        res,
        200,
        { tags: ['a', 'b'] },
        { link: '</v2/app/tags/list?last=b&n=2>; rel="next"' },
      );
    if (last === 'b')
      return json(
        res,
        200,
        { tags: ['c', 'd'] },
        { link: `<http://${fake.host}/v2/app/tags/list?last=d&n=2>; rel="next"` },
      );
    json(res, 200, { name: 'app', tags: ['e'] });
  });
  t.after(() => fake.close());
  assert.deepEqual(await client().listTags({ registry: fake.host, repository: 'app' }), [
    'a',
    'b',
    'c',
    'd',
    'e',
  ]);
  assert.equal(fake.seen.length, 3);
});

test('endless or looping pagination stops with PAGINATION_LIMIT', async (t) => {
  let n = 0;
  const fake = await startFake((req, res) => {
    if (req.path.includes('/loop/'))
      return json(res, 200, { tags: ['x'] }, { link: '</v2/loop/tags/list>; rel="next"' });
    n++;
    json(res, 200, { tags: [`t${n}`] }, { link: `</v2/endless/tags/list?last=t${n}>; rel="next"` });
  });
  t.after(() => fake.close());
  await assert.rejects(client(5).listTags({ registry: fake.host, repository: 'endless' }), {
    code: 'PAGINATION_LIMIT',
  });
  assert.equal(n, 5);
  await assert.rejects(client().listTags({ registry: fake.host, repository: 'loop' }), {
    code: 'PAGINATION_LIMIT',
  });
});

test('a repository without tags lists none; nonsense is REGISTRY_ERROR; pages stay on the registry', async (t) => {
  const fake = await startFake((req, res) => {
    if (req.path.includes('/empty/')) return json(res, 200, { name: 'empty', tags: null });
    if (req.path.includes('/away/'))
      return json(
        res,
        200,
        { tags: [] },
        { link: '<https://elsewhere.example/v2/x/tags/list>; rel="next"' },
      );
    json(res, 200, { tags: [1, 2] });
  });
  t.after(() => fake.close());
  assert.deepEqual(await client().listTags({ registry: fake.host, repository: 'empty' }), []);
  await assert.rejects(client().listTags({ registry: fake.host, repository: 'odd' }), {
    code: 'REGISTRY_ERROR',
  });
  await assert.rejects(client().listTags({ registry: fake.host, repository: 'away' }), {
    code: 'REGISTRY_ERROR',
  });
});
