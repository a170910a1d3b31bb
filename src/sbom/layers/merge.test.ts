import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeLayers } from './merge.ts';
import { memoryLayer } from './test-layers.ts';
import type { Layer, LayerEntry } from './types.ts';

const all = { wants: () => true };
const paths = (tree: { files(): Iterable<{ path: string }> }) =>
  [...tree.files()].map((f) => f.path);

test('a whiteout removes a lower file and a lower directory with its contents', async () => {
  const { tree } = await mergeLayers(
    [
      memoryLayer('L0', ['etc/', 'etc/a', 'etc/b', 'opt/x/1', 'opt/x/2', 'opt/y']),
      memoryLayer('L1', ['etc/.wh.a', 'opt/.wh.x']),
    ],
    all,
  );
  assert.deepEqual(paths(tree), ['etc/b', 'opt/y']);
});

test('a whiteout does not hide what the same layer adds, whatever the order', async () => {
  const { tree } = await mergeLayers(
    [
      memoryLayer('L0', [{ path: 'a/f', content: 'old' }, 'a/g']),
      memoryLayer('L1', [
        { path: 'a/f', content: 'new' },
        'a/.wh.f',
        'b/.wh.h',
        { path: 'b/h', content: 'h' },
      ]),
    ],
    all,
  );
  assert.equal(tree.read('a/f')?.toString(), 'new');
  assert.equal(tree.read('b/h')?.toString(), 'h');
  assert.equal(tree.stat('a/f')?.layerDigest, 'L1');
  assert.equal(tree.stat('a/g')?.layerDigest, 'L0');
});

test('an opaque directory hides all lower contents but keeps its own layer', async () => {
  const { tree } = await mergeLayers(
    [
      memoryLayer('L0', ['d/', 'd/old1', 'd/sub/old2', 'keep']),
      memoryLayer('L1', ['d/new1', 'd/.wh..wh..opq', 'd/sub2/new2']),
      memoryLayer('L2', ['d/top']),
    ],
    all,
  );
  assert.deepEqual(paths(tree), ['d/new1', 'd/sub2/new2', 'd/top', 'keep']);
});

test('the OCI whiteout fixtures from claircore behave as the spec says', async () => {
  // Built in memory after claircore's whiteout test layers (see PROVENANCE): a file whited
  // out, a directory whited out and re-created, an opaque directory.
  const { tree } = await mergeLayers(
    [
      memoryLayer('L0', ['a/b/c', 'a/b/d', 'x/y', 'x/z/w']),
      memoryLayer('L1', ['a/b/.wh.c', 'x/.wh.z', 'x/z/fresh']),
    ],
    all,
  );
  assert.deepEqual(paths(tree), ['a/b/d', 'x/y', 'x/z/fresh']);
});

test('a file replaces a directory, and a directory replaces a file', async () => {
  const { tree } = await mergeLayers(
    [memoryLayer('L0', ['p/q/r', 'f']), memoryLayer('L1', ['p', 'f/', 'f/inner'])],
    all,
  );
  assert.deepEqual(paths(tree), ['f/inner', 'p']);
});

test('paths are normalised; traversal is refused and absolute names are re-rooted, both with warnings', async () => {
  const { tree, warnings } = await mergeLayers(
    [memoryLayer('L0', ['./etc/./x', '../../evil', 'a/../../evil2', '/abs/file', 'ok/../fine'])],
    all,
  );
  assert.deepEqual(paths(tree), ['abs/file', 'etc/x', 'fine']);
  assert.deepEqual(
    warnings.map((w) => w.code),
    ['LAYER_PATH_UNSAFE', 'LAYER_PATH_UNSAFE', 'LAYER_PATH_ABSOLUTE'],
  );
});

test('only wanted files are read, and oversized ones are refused with a warning', async () => {
  const reads: string[] = [];
  const entry = (path: string, size: number): LayerEntry => ({
    path,
    type: 'file',
    size,
    read: () => {
      reads.push(path);
      return Promise.resolve(Buffer.alloc(size, 0x61));
    },
  });
  const layer: Layer = {
    digest: 'L0',
    entries: (async function* () {
      yield entry('big/blob', 10_000_000);
      yield entry('etc/os-release', 10);
      yield entry('var/lib/rpm/Packages', 2000);
      yield entry('var/lib/dpkg/status', 2000);
    })(),
  };
  const { tree, warnings } = await mergeLayers([layer], {
    wants: (p) => p !== 'big/blob',
    maxFileBytes: (p) => (p.endsWith('Packages') ? 4096 : 1000),
  });
  assert.deepEqual(reads, ['etc/os-release', 'var/lib/rpm/Packages']);
  assert.equal(tree.read('big/blob'), undefined);
  assert.equal(tree.stat('big/blob')?.size, 10_000_000);
  assert.equal(tree.read('var/lib/dpkg/status'), undefined);
  assert.deepEqual(
    warnings.map((w) => [w.code, w.path]),
    [['FILE_TOO_LARGE', 'var/lib/dpkg/status']],
  );
});

test('symlinks are followed inside the root, absolute targets included; loops end with a warning', async () => {
  const { tree, warnings } = await mergeLayers(
    [
      memoryLayer('L0', [
        { path: 'usr/lib/os-release', content: 'ID=x\n' },
        { path: 'etc/os-release', symlink: '../usr/lib/os-release' },
        { path: 'lib', symlink: '/usr/lib' },
        { path: 'loop1', symlink: 'loop2' },
        { path: 'loop2', symlink: '/loop1' },
        { path: 'up', symlink: '../../../../usr' },
      ]),
    ],
    all,
  );
  assert.equal(tree.read('etc/os-release')?.toString(), 'ID=x\n');
  assert.equal(tree.read('/lib/os-release')?.toString(), 'ID=x\n');
  assert.equal(tree.read('up/lib/os-release')?.toString(), 'ID=x\n');
  assert.equal(tree.stat('etc/os-release', { follow: false })?.kind, 'symlink');
  assert.equal(tree.read('loop1/x'), undefined);
  assert.equal(tree.stat('loop1'), undefined);
  assert.deepEqual(warnings, []);
  const again = await mergeLayers(
    [memoryLayer('L0', [{ path: 'a', symlink: 'b' }, { path: 'b', symlink: 'a' }, 'a/file'])],
    all,
  );
  assert.deepEqual(
    again.warnings.map((w) => w.code),
    ['SYMLINK_LOOP'],
  );
});

test('entries under a symlinked directory land where the link points', async () => {
  const { tree } = await mergeLayers(
    [
      memoryLayer('L0', ['usr/lib/', { path: 'lib', symlink: 'usr/lib' }]),
      memoryLayer('L1', [{ path: 'lib/apk/db/installed', content: 'P:x\n' }]),
    ],
    all,
  );
  assert.deepEqual(paths(tree), ['usr/lib/apk/db/installed']);
  assert.equal(tree.read('lib/apk/db/installed')?.toString(), 'P:x\n');
});

test('a hard link to a wanted file shares its bytes; a dangling one is a warning', async () => {
  const { tree, warnings } = await mergeLayers(
    [
      memoryLayer('L0', [
        { path: 'var/lib/dpkg/status', content: 'Package: a\n' },
        { path: 'copy/status', hardlink: 'var/lib/dpkg/status' },
        { path: 'bad', hardlink: 'nowhere' },
      ]),
    ],
    all,
  );
  assert.equal(tree.read('copy/status')?.toString(), 'Package: a\n');
  assert.deepEqual(
    warnings.map((w) => [w.code, w.path]),
    [['LAYER_LINK_INVALID', 'bad']],
  );
});

test('the entry bound stops reading with a warning', async () => {
  const names = Array.from({ length: 50 }, (_, i) => `f${i}`);
  const { tree, warnings } = await mergeLayers(
    [memoryLayer('L0', names), memoryLayer('L1', ['g'])],
    {
      ...all,
      maxEntries: 10,
    },
  );
  assert.equal([...tree.files()].length, 10);
  assert.deepEqual(
    warnings.map((w) => w.code),
    ['LAYER_ENTRY_LIMIT'],
  );
});

test('replaced and deleted files give their bytes back to the content budget', async () => {
  const big = Buffer.alloc(600, 1);
  const { tree, warnings } = await mergeLayers(
    [
      memoryLayer('L0', [{ path: 'a', content: big }]),
      memoryLayer('L1', ['.wh.a', { path: 'b', content: big }]),
      memoryLayer('L2', [{ path: 'b', content: big }]),
    ],
    { ...all, maxContentBytes: 1000 },
  );
  assert.deepEqual(warnings, []);
  assert.equal(tree.read('b')?.length, 600);
});

test('an abort signal stops the merge between entries', async () => {
  const controller = new AbortController();
  let yielded = 0;
  const layer: Layer = {
    digest: 'L0',
    entries: (async function* () {
      for (let i = 0; i < 100; i++) {
        yielded++;
        if (i === 5) controller.abort(new Error('stop'));
        yield {
          path: `f${i}`,
          type: 'file' as const,
          size: 0,
          read: () => Promise.resolve(Buffer.alloc(0)),
        };
      }
    })(),
  };
  await assert.rejects(mergeLayers([layer], { ...all, signal: controller.signal }), /stop/);
  assert.ok(yielded < 10);
});

test('over-long and over-deep names are refused with a warning', async () => {
  const deep = Array.from({ length: 300 }, () => 'd').join('/');
  const long = `x/${'n'.repeat(5000)}`;
  const { tree, warnings } = await mergeLayers([memoryLayer('L0', [deep, long, 'ok'])], all);
  assert.deepEqual(paths(tree), ['ok']);
  assert.deepEqual(
    warnings.map((w) => w.code),
    ['LAYER_PATH_UNSAFE', 'LAYER_PATH_UNSAFE'],
  );
});

test('a symlink replacing a directory drops the directory; later entries follow the link', async () => {
  const { tree } = await mergeLayers(
    [
      memoryLayer('L0', ['a/old', 'b/keep']),
      memoryLayer('L1', [{ path: 'a', symlink: 'b' }]),
      memoryLayer('L2', [{ path: 'a/new', content: 'n' }]),
    ],
    all,
  );
  assert.deepEqual(paths(tree), ['b/keep', 'b/new']);
  assert.equal(tree.read('a/new')?.toString(), 'n');
  assert.deepEqual(tree.list('a'), ['keep', 'new']);
});

test('a symlink with an over-long target is skipped with a warning', async () => {
  const { tree, warnings } = await mergeLayers(
    [memoryLayer('L0', [{ path: 'l', symlink: 'a/'.repeat(5000) }])],
    all,
  );
  assert.equal(tree.stat('l', { follow: false }), undefined);
  assert.deepEqual(
    warnings.map((w) => [w.code, w.path]),
    [['LAYER_LINK_INVALID', 'l']],
  );
});

test('thousands of repeated opaque markers over a large directory stay fast', async () => {
  const lower = Array.from({ length: 20_000 }, (_, i) => `big/f${i}`);
  const upper = [
    ...Array.from({ length: 20_000 }, (_, i) => `big/n${i}`),
    ...Array(20_000).fill('big/.wh..wh..opq'),
  ];
  const start = Date.now();
  const { tree } = await mergeLayers([memoryLayer('L0', lower), memoryLayer('L1', upper)], all);
  assert.equal(tree.list('big')?.length, 20_000);
  assert.ok(tree.list('big')?.every((n) => n.startsWith('n')));
  assert.ok(Date.now() - start < 5000, `took ${Date.now() - start} ms`);
});
