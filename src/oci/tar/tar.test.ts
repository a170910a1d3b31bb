import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  mkdtempSync,
  writeFileSync,
  mkdirSync,
  symlinkSync,
  createReadStream,
  createWriteStream,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createGunzip } from 'node:zlib';
import { sharedImageLayout } from '../testing/shared-fixtures.ts';
import { readTar, TarWriter } from './index.ts';
import type { TarHeader } from './index.ts';

const longDir = 'd'.repeat(120) + '/' + 'e'.repeat(90);
const longFile = `${longDir}/${'f'.repeat(110)}.txt`;
const longLink = 'l'.repeat(150);

function makeTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigil-tar-'));
  mkdirSync(join(dir, 'src', longDir), { recursive: true });
  writeFileSync(join(dir, 'src', 'small.txt'), 'hello\n');
  writeFileSync(join(dir, 'src', 'big.bin'), Buffer.alloc(300_000, 7));
  writeFileSync(join(dir, 'src', longFile), 'deep\n');
  writeFileSync(join(dir, 'src', 'ünïcode.txt'), 'u\n');
  symlinkSync(longLink, join(dir, 'src', 'link'));
  return dir;
}

async function collect(input: AsyncIterable<Buffer>, read = true) {
  const out = new Map<string, { header: TarHeader; body: Buffer }>();
  for await (const e of readTar(input)) {
    out.set(e.header.path, {
      header: e.header,
      body: read ? await buffer(e.body) : Buffer.alloc(0),
    });
  }
  return out;
}

for (const format of ['gnu', 'oldgnu', 'posix']) {
  test(`reads GNU tar --format=${format} archives, long names and links included`, async (t) => {
    const dir = makeTree();
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'a.tar');
    execFileSync('tar', [`--format=${format}`, '-cf', file, '-C', join(dir, 'src'), '.']);
    const entries = await collect(createReadStream(file));
    assert.equal(entries.get('./small.txt')?.body.toString(), 'hello\n');
    assert.equal(entries.get('./big.bin')?.header.size, 300_000);
    assert.deepEqual(entries.get('./big.bin')?.body, Buffer.alloc(300_000, 7));
    assert.equal(entries.get(`./${longFile}`)?.body.toString(), 'deep\n');
    assert.equal(entries.get('./ünïcode.txt')?.body.toString(), 'u\n');
    const link = entries.get('./link')?.header;
    assert.equal(link?.type, 'symlink');
    assert.equal(link?.linkname, longLink);
    assert.equal(entries.get(`./${longDir}/`)?.header.type, 'directory');
  });
}

test('unread bodies are skipped and offsets point at the bodies', async (t) => {
  const dir = makeTree();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'a.tar');
  execFileSync('tar', ['-cf', file, '-C', join(dir, 'src'), 'big.bin', 'small.txt']);
  const bytes = readFileSync(file);
  const seen: string[] = [];
  for await (const e of readTar(createReadStream(file, { highWaterMark: 1000 }))) {
    seen.push(e.header.path);
    if (e.header.path === 'small.txt') {
      assert.equal(bytes.toString('utf8', e.offset, e.offset + e.header.size), 'hello\n');
    }
  }
  assert.deepEqual(seen, ['big.bin', 'small.txt']);
});

test('a partly read body is skipped cleanly', async (t) => {
  const dir = makeTree();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'a.tar');
  execFileSync('tar', ['-cf', file, '-C', join(dir, 'src'), 'big.bin', 'small.txt']);
  const bodies: string[] = [];
  for await (const e of readTar(createReadStream(file, { highWaterMark: 4096 }))) {
    if (e.header.path === 'big.bin') {
      for await (const chunk of e.body) {
        assert.equal((chunk as Buffer)[0], 7);
        break;
      }
    } else bodies.push((await buffer(e.body)).toString());
  }
  assert.deepEqual(bodies, ['hello\n']);
});

test('the writer streams archives GNU tar extracts: long names, links, large ids', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sigil-tarw-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'w.tar');
  const w = new TarWriter(createWriteStream(file));
  await w.add({ path: 'a/', type: 'directory' });
  await w.add({ path: 'a/small.txt', size: 6 }, Buffer.from('hello\n'));
  await w.add(
    { path: longFile, size: 5, uid: 10_000_000 },
    Readable.from([Buffer.from('de'), Buffer.from('ep\n')]),
  );
  await w.add({ path: 'a/ünï.txt', size: 2 }, Buffer.from('u\n'));
  await w.add({ path: 'a/link', type: 'symlink', linkname: longLink });
  await w.finish();
  const listing = execFileSync('tar', ['-tvf', file, '--numeric-owner']).toString();
  assert.match(listing, /10000000\/0 +5 .*fff\.txt/);
  assert.match(listing, new RegExp(`a/link -> ${longLink}`));
  const out = join(dir, 'x');
  mkdirSync(out);
  execFileSync('tar', ['-xf', file, '-C', out]);
  assert.equal(readFileSync(join(out, longFile), 'utf8'), 'deep\n');
  assert.equal(readFileSync(join(out, 'a/ünï.txt'), 'utf8'), 'u\n');
  const back = await collect(createReadStream(file));
  assert.equal(back.get(longFile)?.header.uid, 10_000_000);
});

test('the writer refuses a body shorter than declared', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sigil-tarw-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = createWriteStream(join(dir, 'w.tar'));
  const w = new TarWriter(out);
  await assert.rejects(w.add({ path: 'x', size: 10 }, Readable.from([Buffer.from('abc')])), {
    code: 'TAR_INVALID',
  });
  out.destroy();
  await once(out, 'close');
});

// Hand-made headers for hostile cases.
function header(fields: {
  name?: string;
  size?: number | Buffer;
  type?: string;
  checksumDelta?: number;
}): Buffer {
  const b = Buffer.alloc(512);
  b.write(fields.name ?? 'f', 0, 'latin1');
  b.write('0000644\0', 100, 'latin1');
  b.write('0000000\0', 108, 'latin1');
  b.write('0000000\0', 116, 'latin1');
  if (Buffer.isBuffer(fields.size)) fields.size.copy(b, 124);
  else b.write((fields.size ?? 0).toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  b.write('00000000000\0', 136, 'latin1');
  b.write(fields.type ?? '0', 156, 'latin1');
  b.write('ustar\x0000', 257, 'latin1');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const x of b) sum += x;
  b.write((sum + (fields.checksumDelta ?? 0)).toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return b;
}
const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512);
const end = Buffer.alloc(1024);

function base256(n: bigint): Buffer {
  const b = Buffer.alloc(12);
  let v = n;
  for (let i = 11; i >= 1; i--) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  b[0] = 0x80;
  return b;
}

test('base-256 sizes are read', async () => {
  const body = Buffer.from('12345');
  const tar = Buffer.concat([header({ size: base256(5n) }), body, pad(5), end]);
  const entries = await collect(Readable.from([tar]));
  assert.equal(entries.get('f')?.body.toString(), '12345');
});

test('hostile archives fail with coded errors, never hang', async () => {
  const bigPax = 2 * 1024 * 1024;
  const cases: [string, Buffer[], string][] = [
    ['bad checksum', [header({ checksumDelta: 1 }), end], 'TAR_INVALID'],
    ['absurd base-256 size', [header({ size: base256(1n << 62n) }), end], 'TAR_INVALID'],
    ['non-octal size', [header({ size: Buffer.from('zzzzzzzzzzz\0') }), end], 'TAR_INVALID'],
    [
      'pax header over 1 MiB',
      [header({ type: 'x', size: bigPax }), Buffer.alloc(bigPax)],
      'TAR_INVALID',
    ],
    [
      'GNU long name over 64 KiB',
      [header({ type: 'L', size: 70_000 }), Buffer.alloc(70_000)],
      'TAR_INVALID',
    ],
    [
      'malformed pax record',
      [header({ type: 'x', size: 12 }), Buffer.from('99 path=abc\n'), pad(12), header({}), end],
      'TAR_INVALID',
    ],
    ['pax path over 64 KiB', paxPath('p'.repeat(70_000)), 'TAR_INVALID'],
    ['truncated body', [header({ size: 2000 }), Buffer.alloc(700)], 'TAR_TRUNCATED'],
    ['truncated header', [header({ size: 0 }), Buffer.alloc(100)], 'TAR_TRUNCATED'],
    ['truncated pax', [header({ type: 'x', size: 5000 }), Buffer.alloc(100)], 'TAR_TRUNCATED'],
  ];
  for (const [name, parts, code] of cases) {
    await assert.rejects(collect(Readable.from([Buffer.concat(parts)])), { code }, name);
  }
});

test('a truncated body fails the body stream the consumer reads', async () => {
  const tar = Buffer.concat([header({ size: 2000 }), Buffer.alloc(700)]);
  const it = readTar(Readable.from([tar]));
  const first = await it.next();
  assert.equal(first.done, false);
  await assert.rejects(buffer(first.value!.body), { code: 'TAR_TRUNCATED' });
});

function paxPath(path: string): Buffer[] {
  const rec = Buffer.from(` path=${path}\n`);
  const len = rec.length + String(rec.length + 6).length;
  const body = Buffer.concat([Buffer.from(String(len)), rec]);
  return [header({ type: 'x', size: body.length }), body, pad(body.length), header({}), end];
}

const layout = sharedImageLayout();
test(
  'a real gzip image layer streams through gunzip with the members GNU tar lists',
  { skip: layout === undefined ? 'shared fixture images not found (set SIGIL_SHARED_DIR)' : false },
  async () => {
    const index = JSON.parse(readFileSync(join(layout!, 'index.json'), 'utf8')) as {
      manifests: { digest: string; annotations: Record<string, string> }[];
    };
    const blob = (d: string) => join(layout!, 'blobs', 'sha256', d.slice(7));
    const entry = index.manifests.find(
      (m) => m.annotations['org.opencontainers.image.ref.name'] === 'distroless',
    )!;
    const manifest = JSON.parse(readFileSync(blob(entry.digest), 'utf8')) as {
      layers: { digest: string }[];
    };
    const layer = blob(manifest.layers[0]!.digest);
    const expected = execFileSync('tar', ['-tzf', layer], { maxBuffer: 64 << 20 })
      .toString()
      .split('\n')
      .filter(Boolean);
    const seen: string[] = [];
    let bytes = 0;
    for await (const e of readTar(createReadStream(layer).pipe(createGunzip()))) {
      seen.push(e.header.path);
      bytes += (await buffer(e.body)).length;
    }
    assert.deepEqual(seen, expected);
    assert.ok(bytes > 0);
  },
);
