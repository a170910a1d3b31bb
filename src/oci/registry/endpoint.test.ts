import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopback, parseInsecureList, registryBaseUrl } from './endpoint.ts';

test('plain HTTP only for loopback and registries named insecure', () => {
  assert.equal(registryBaseUrl('127.0.0.1:5000', []).href, 'http://127.0.0.1:5000/');
  assert.equal(registryBaseUrl('127.8.9.10', []).protocol, 'http:');
  assert.equal(registryBaseUrl('localhost:5000', []).protocol, 'http:');
  assert.equal(registryBaseUrl('[::1]:5000', []).href, 'http://[::1]:5000/');
  assert.equal(registryBaseUrl('ghcr.io', []).href, 'https://ghcr.io/');
  assert.equal(registryBaseUrl('128.0.0.1:5000', []).protocol, 'https:');
  assert.equal(registryBaseUrl('127.0.0.1.example.com', []).protocol, 'https:');
  assert.equal(registryBaseUrl('docker.io', []).href, 'https://registry-1.docker.io/');
  assert.equal(registryBaseUrl('reg.lan:5000', ['reg.lan:5000']).protocol, 'http:');
  assert.equal(registryBaseUrl('reg.lan:5001', ['reg.lan:5000']).protocol, 'https:');
});

test('insecure lists and loopback names', () => {
  assert.deepEqual(parseInsecureList(' a:1, ,b '), ['a:1', 'b']);
  assert.deepEqual(parseInsecureList(undefined), []);
  assert.equal(isLoopback('::1'), true);
  assert.equal(isLoopback('10.0.0.1'), false);
});
