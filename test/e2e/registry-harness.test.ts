import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  registryBinaryAvailable,
  registryEnvVar,
  registrySkipReason,
  testRegistry,
  type TestRegistry,
} from '../helpers/registry.ts';

test('testRegistry takes the registry scripts/run-tests.ts started from the env', async () => {
  const shared: TestRegistry = {
    kind: 'basic',
    host: '127.0.0.1:1',
    storageDir: '/nowhere',
    username: 'u',
    password: 'p',
  };
  assert.deepEqual(
    await testRegistry('basic', { [registryEnvVar('basic')]: JSON.stringify(shared) }),
    shared,
  );
});

test('a missing docker-registry skips registry tests, except under CI', () => {
  assert.equal(registrySkipReason({ CI: 'true' }), undefined);
  const reason = registrySkipReason({});
  if (registryBinaryAvailable()) assert.equal(reason, undefined);
  else assert.match(reason ?? '', /docker-registry not installed/);
});
