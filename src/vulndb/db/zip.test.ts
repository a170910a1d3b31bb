import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { tempDir } from './test-support/fixtures.ts';
import { writeZip } from './test-support/zip-writer.ts';
import { readZip, zipLimits, type ZipEntry } from './zip.ts';

const t = tempDir();
after(t.cleanup);

function archive(name: string, bytes: Buffer): string {
  const file = path.join(t.dir, name);
  writeFileSync(file, bytes);
  return file;
}

function hasZipTool(): boolean {
  try {
    execFileSync('zip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('readZip', () => {
  it('reads stored and deflated entries', () => {
    const file = archive(
      'ok.zip',
      writeZip([
        { name: 'A-1.json', data: '{"a":1}' },
        { name: 'dir/', data: '', store: true },
        { name: 'B-2.json', data: 'x'.repeat(5000), store: true },
      ]),
    );
    const got = [...readZip(file)];
    assert.deepEqual(
      got.map((e) => [e.kind, e.name, e.kind === 'file' ? e.data.length : 0]),
      [
        ['file', 'A-1.json', 7],
        ['file', 'B-2.json', 5000],
      ],
    );
  });

  it('reads an archive written by Info-ZIP', { skip: !hasZipTool() && 'zip not installed' }, () => {
    const src = path.join(t.dir, 'src');
    execFileSync('mkdir', ['-p', src]);
    writeFileSync(path.join(src, 'X-1.json'), JSON.stringify({ id: 'X-1' }).repeat(50));
    const file = path.join(t.dir, 'infozip.zip');
    execFileSync('zip', ['-q', '-j', file, path.join(src, 'X-1.json')]);
    const [entry] = [...readZip(file)];
    assert.equal(entry?.kind, 'file');
  });

  it('rejects a truncated archive with ZIP_INVALID', () => {
    const whole = writeZip([{ name: 'A-1.json', data: '{"a":1}'.repeat(100) }]);
    assert.throws(() => [...readZip(archive('cut.zip', whole.subarray(0, whole.length - 30)))], {
      code: 'ZIP_INVALID',
    });
    assert.throws(() => [...readZip(archive('tiny.zip', Buffer.from('PK')))], {
      code: 'ZIP_INVALID',
    });
    assert.throws(() => [...readZip(archive('html.zip', Buffer.from('<html>'.repeat(100))))], {
      code: 'ZIP_INVALID',
    });
  });

  it('skips entries that expand beyond their declared or allowed size (zip bombs)', () => {
    const bomb = Buffer.alloc(8 * 1024 * 1024);
    const file = archive(
      'bomb.zip',
      writeZip([
        { name: 'liar.json', data: bomb, declaredSize: 100 },
        { name: 'big.json', data: bomb },
        { name: 'ok.json', data: '{}' },
      ]),
    );
    const got: ZipEntry[] = [...readZip(file, { ...zipLimits(), entryBytes: 1024 * 1024 })];
    assert.deepEqual(
      got.map((e) => [e.name, e.kind]),
      [
        ['liar.json', 'skipped'],
        ['big.json', 'skipped'],
        ['ok.json', 'file'],
      ],
    );
  });

  it('skips entries with a wrong CRC-32 and bounds entry counts and total size', () => {
    const file = archive('crc.zip', writeZip([{ name: 'a.json', data: '{}', crc: 1234 }]));
    assert.equal([...readZip(file)][0]?.kind, 'skipped');
    const many = archive(
      'many.zip',
      writeZip([1, 2, 3].map((i) => ({ name: `${i}.json`, data: '{}' }))),
    );
    assert.throws(() => [...readZip(many, { ...zipLimits(), entries: 2 })], {
      code: 'ZIP_INVALID',
    });
    assert.throws(() => [...readZip(many, { ...zipLimits(), totalBytes: 5 })], {
      code: 'ZIP_INVALID',
    });
  });
});
