import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPlatform, parsePlatform, selectPlatform } from './platform.ts';
import type { Descriptor, ImageIndex, Platform } from './types.ts';

const entry = (
  n: number,
  platform?: Platform,
  annotations?: Record<string, string>,
): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: 'sha256:' + String(n).repeat(64),
  size: 1,
  ...(platform && { platform }),
  ...(annotations && { annotations }),
});
const idx = (...manifests: Descriptor[]): ImageIndex => ({ schemaVersion: 2, manifests });

test('parsePlatform normalizes as containerd does', () => {
  assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(parsePlatform('linux/aarch64'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(parsePlatform('linux/x86_64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatform('linux/arm'), { os: 'linux', architecture: 'arm', variant: 'v7' });
  assert.deepEqual(parsePlatform('Linux/ARM/v6'), {
    os: 'linux',
    architecture: 'arm',
    variant: 'v6',
  });
  assert.equal(formatPlatform(parsePlatform('linux/arm/v6')), 'linux/arm/v6');
  for (const bad of ['linux', 'a/b/c/d', '', 'linux/../x', 'linux/']) {
    assert.throws(() => parsePlatform(bad), { code: 'PLATFORM_INVALID' }, bad);
  }
});

test('selectPlatform defaults to linux/amd64 and matches arm64 with or without v8', () => {
  const index = idx(
    entry(1, { os: 'unknown', architecture: 'unknown' }),
    entry(2, { os: 'linux', architecture: 'arm64', variant: 'v8' }),
    entry(3, { os: 'linux', architecture: 'amd64' }),
    entry(4, { os: 'linux', architecture: 'arm', variant: 'v6' }),
  );
  assert.equal(selectPlatform(index).digest, entry(3).digest);
  assert.equal(selectPlatform(index, parsePlatform('linux/arm64')).digest, entry(2).digest);
  assert.equal(
    selectPlatform(index, { os: 'linux', architecture: 'arm64', variant: 'v8' }).digest,
    entry(2).digest,
  );
  // arm/v7 runs an arm/v6 image when there is no v7 one.
  assert.equal(selectPlatform(index, parsePlatform('linux/arm')).digest, entry(4).digest);
  assert.throws(() => selectPlatform(index, parsePlatform('linux/arm/v5')), {
    code: 'PLATFORM_NOT_FOUND',
  });
});

test('attestations are never chosen and the error lists what is available', () => {
  const index = idx(
    entry(1, { os: 'linux', architecture: 'arm64' }),
    entry(
      2,
      { os: 'unknown', architecture: 'unknown' },
      { 'vnd.docker.reference.type': 'attestation-manifest' },
    ),
    entry(3),
  );
  assert.throws(() => selectPlatform(index), {
    code: 'PLATFORM_NOT_FOUND',
    message: /no image for linux\/amd64 in the index; available: linux\/arm64$/,
  });
  assert.throws(() => selectPlatform(idx(entry(2, { os: 'unknown', architecture: 'unknown' }))), {
    message: /available: none/,
  });
});
