import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogLayers } from '../../catalog.ts';
import type { Layer } from '../../layers/types.ts';
import { readGoBuildInfo } from './buildinfo.ts';
import { goBinaryCataloger } from './index.ts';
import { HEADER_MAGIC, inlineBinary, MODINFO, WRAPPED } from './test-binary.ts';

// A minimal ELF64 with one PT_LOAD (vaddr 0x400000 → offset 0) and pre-1.18 pointer build info.
function pointerBinary(): Buffer {
  const bin = Buffer.alloc(8192);
  const base = 0x400000;
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(bin, 0);
  bin.writeBigUInt64LE(64n, 32); // e_phoff
  bin.writeUInt16LE(56, 54); // e_phentsize
  bin.writeUInt16LE(1, 56); // e_phnum
  bin.writeUInt32LE(1, 64); // PT_LOAD
  bin.writeBigUInt64LE(0n, 64 + 8); // p_offset
  bin.writeBigUInt64LE(BigInt(base), 64 + 16); // p_vaddr
  bin.writeBigUInt64LE(BigInt(bin.length), 64 + 32); // p_filesz
  const at = 1024;
  HEADER_MAGIC.copy(bin, at);
  bin[at + 14] = 8;
  bin[at + 15] = 0;
  const version = Buffer.from('go1.16.15');
  const strings = 2048;
  version.copy(bin, strings);
  WRAPPED.copy(bin, strings + 64);
  const hdrs = 1536; // two Go string headers {ptr, len}
  bin.writeBigUInt64LE(BigInt(base + strings), hdrs);
  bin.writeBigUInt64LE(BigInt(version.length), hdrs + 8);
  bin.writeBigUInt64LE(BigInt(base + strings + 64), hdrs + 16);
  bin.writeBigUInt64LE(BigInt(WRAPPED.length), hdrs + 24);
  bin.writeBigUInt64LE(BigInt(base + hdrs), at + 16);
  bin.writeBigUInt64LE(BigInt(base + hdrs + 16), at + 24);
  return bin;
}

test('inline and pointer build info formats give the same module list', () => {
  for (const [bin, go] of [
    [inlineBinary(), 'go1.21.4'],
    [pointerBinary(), 'go1.16.15'],
  ] as const) {
    const info = readGoBuildInfo(bin);
    assert.equal(info?.goVersion, go);
    assert.equal(info?.modinfo, MODINFO);
  }
  assert.equal(readGoBuildInfo(Buffer.alloc(5000)), undefined);
});

function layer(entries: { path: string; bytes: Buffer; mode?: number }[]): Layer {
  return {
    digest: 'L',
    entries: (async function* () {
      for (const e of entries) {
        yield {
          path: e.path,
          type: 'file' as const,
          size: e.bytes.length,
          ...(e.mode !== undefined ? { mode: e.mode } : {}),
          read: () => Promise.resolve(e.bytes),
        };
      }
    })(),
  };
}

test('executables are probed while streaming; modules, replacements and stdlib become packages', async () => {
  const c = await catalogLayers(
    [
      layer([
        { path: 'app/server', bytes: inlineBinary(), mode: 0o755 },
        { path: 'app/data.bin', bytes: inlineBinary(), mode: 0o644 },
      ]),
    ],
    { catalogers: [goBinaryCataloger] },
  );
  assert.deepEqual(c.warnings, []);
  assert.deepEqual(
    c.packages.map((p) => p.purl),
    [
      'pkg:golang/github.com/fork/b@v1.0.1',
      'pkg:golang/golang.org/x/net@v0.17.0',
      'pkg:golang/stdlib@1.21.4',
    ],
  );
  assert.ok(c.packages.every((p) => p.locations[0]?.path === 'app/server'));
  // Nothing of the binary is kept but the summary.
  assert.equal(c.files.read('app/server'), undefined);
});

test('without file modes, binaries in bin directories are probed', async () => {
  const c = await catalogLayers([layer([{ path: 'usr/local/bin/tool', bytes: pointerBinary() }])], {
    catalogers: [goBinaryCataloger],
  });
  // pointerBinary is smaller than the probe's lower bound: too small to be a Go program.
  assert.deepEqual(c.packages, []);
  const big = Buffer.concat([inlineBinary(), Buffer.alloc(10)]);
  const d = await catalogLayers([layer([{ path: 'usr/local/bin/tool', bytes: big }])], {
    catalogers: [goBinaryCataloger],
  });
  assert.equal(d.packages.length, 3);
});

test('a hard link to a Go binary carries its build info', async () => {
  const bin = inlineBinary();
  const layer: Layer = {
    digest: 'L',
    entries: (async function* () {
      yield {
        path: 'usr/bin/a',
        type: 'file' as const,
        size: bin.length,
        mode: 0o755,
        read: () => Promise.resolve(bin),
      };
      yield {
        path: 'usr/bin/b',
        type: 'hardlink' as const,
        linkname: 'usr/bin/a',
        size: 0,
        read: () => Promise.resolve(Buffer.alloc(0)),
      };
    })(),
  };
  const c = await catalogLayers([layer], { catalogers: [goBinaryCataloger] });
  assert.deepEqual(
    [...new Set(c.packages.map((p) => p.locations[0]?.path))],
    ['usr/bin/a', 'usr/bin/b'],
  );
});
