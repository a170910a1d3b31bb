import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseImageLocation } from './image-location.ts';

const digest = 'sha256:' + 'ab'.repeat(32);

test('registry references, with and without docker://', () => {
  assert.deepEqual(parseImageLocation('alpine'), { transport: 'registry', reference: 'alpine' });
  assert.deepEqual(parseImageLocation('docker://127.0.0.1:5000/app:1'), {
    transport: 'registry',
    reference: '127.0.0.1:5000/app:1',
  });
  assert.deepEqual(parseImageLocation('localhost:5000/x'), {
    transport: 'registry',
    reference: 'localhost:5000/x',
  });
});

test('OCI layouts by tag, by digest, and alone', () => {
  assert.deepEqual(parseImageLocation('oci:./out:app'), {
    transport: 'oci',
    dir: './out',
    tag: 'app',
  });
  assert.deepEqual(parseImageLocation(`oci:/l@${digest}`), { transport: 'oci', dir: '/l', digest });
  assert.deepEqual(parseImageLocation(`oci:/l:@${digest}`), {
    transport: 'oci',
    dir: '/l',
    digest,
  });
  assert.deepEqual(parseImageLocation('oci:/l'), { transport: 'oci', dir: '/l' });
});

test('docker archives with and without a reference', () => {
  assert.deepEqual(parseImageLocation('docker-archive:a.tar'), {
    transport: 'docker-archive',
    file: 'a.tar',
  });
  assert.deepEqual(parseImageLocation('docker-archive:a.tar:app:1'), {
    transport: 'docker-archive',
    file: 'a.tar',
    reference: 'app:1',
  });
});

test('empty paths and unsupported transports are TRANSPORT_INVALID', () => {
  for (const bad of [
    '',
    'oci:',
    'oci::tag',
    'docker-archive:',
    'docker://',
    'containers-storage:x',
    'dir:/tmp/x',
  ]) {
    assert.throws(() => parseImageLocation(bad), { code: 'TRANSPORT_INVALID' }, bad);
  }
});
