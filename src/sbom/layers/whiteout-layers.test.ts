// claircore's whiteout layer tars, unpacked by GNU tar (no tar reader here) and stacked on a
// base layer built in memory.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FIXTURES } from '../test-helpers.ts';
import { directoryLayer } from './dir-layer.ts';
import { mergeLayers } from './merge.ts';
import { memoryLayer } from './test-layers.ts';

const skip = spawnSync('sh', ['-c', 'command -v tar']).status === 0 ? false : 'needs tar';
const work = mkdtempSync(join(tmpdir(), 'sigil-wh-'));
after(() => rmSync(work, { recursive: true, force: true }));

function unpacked(name: string) {
  const dir = join(work, name);
  execFileSync('mkdir', ['-p', dir]);
  execFileSync('tar', ['-xf', join(FIXTURES, 'whiteout', name), '-C', dir, '--no-same-owner']);
  return directoryLayer(dir, name);
}

const files = async (layers: Parameters<typeof mergeLayers>[0]) =>
  [...(await mergeLayers(layers, { wants: () => false })).tree.files()].map((f) => f.path);

test('whiteout.layer removes etc/profile only', { skip }, async () => {
  const got = await files([
    memoryLayer('base', ['etc/profile', 'etc/passwd']),
    unpacked('whiteout.layer'),
  ]);
  assert.deepEqual(got, ['etc/passwd']);
});

test(
  'whiteout_advanced.layer removes nested, root-level files and a whole directory',
  { skip },
  async () => {
    const got = await files([
      memoryLayer('base', ['a/a_file.txt', 'a/other.txt', 'a_root_file.txt', 'b/deep/file', 'c']),
      unpacked('whiteout_advanced.layer'),
    ]);
    assert.deepEqual(got, ['a/other.txt', 'c']);
  },
);

test(
  'whiteout_opaque.layer empties a/ but a name merely containing the marker is a file',
  { skip },
  async () => {
    const got = await files([
      memoryLayer('base', ['a/x', 'a/sub/y', 'b/z']),
      unpacked('whiteout_opaque.layer'),
    ]);
    assert.deepEqual(got, ['b/not.a.wh..wh..opq', 'b/z']);
  },
);
