import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { OciError } from '../errors.ts';
import { BLOCK, type TarEntryType } from './header.ts';

/** What the writer needs to describe a member; omitted fields get neutral defaults. */
export interface TarWriteHeader {
  readonly path: string;
  readonly type?: 'file' | 'directory' | 'symlink' | 'hardlink';
  readonly size?: number;
  readonly mode?: number;
  readonly linkname?: string;
  readonly uid?: number;
  readonly gid?: number;
  readonly mtime?: Date;
}

const FLAGS: Partial<Record<TarEntryType, string>> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  directory: '5',
};
const MAX_OCTAL_11 = 0o77777777777;
const MAX_OCTAL_7 = 0o7777777;

/**
 * Writes a tar stream member by member with backpressure: ustar headers, plus a pax
 * extended header when a name, size or id does not fit ustar (POSIX.1-2001).
 *
 * @example
 *   const tar = new TarWriter(fs.createWriteStream('out.tar'));
 *   await tar.add({ path: 'manifest.json', size: bytes.length }, bytes);
 *   await tar.finish();
 */
export class TarWriter {
  readonly #out: Writable;
  #finished = false;
  #error: Error | undefined;

  constructor(out: Writable) {
    this.#out = out;
    // Keep an output failure (disk full, bad path) for the next call instead of crashing.
    out.on('error', (err) => {
      this.#error ??= err;
    });
  }

  /** Add one member; a file's body must supply exactly `size` bytes. */
  async add(header: TarWriteHeader, body?: Uint8Array | Readable): Promise<void> {
    if (this.#finished) throw new OciError('TAR_INVALID', 'tar writer already finished');
    const type = header.type ?? 'file';
    const size =
      type === 'file' ? (header.size ?? (body instanceof Uint8Array ? body.length : 0)) : 0;
    const pax = paxRecords(header, size);
    if (pax.length > 0) {
      await this.#write(
        encodeHeader({ path: paxName(header.path), size: pax.length }, 'x', pax.length),
      );
      await this.#write(pax);
      await this.#pad(pax.length);
    }
    await this.#write(encodeHeader(header, FLAGS[type]!, size));
    if (size > 0) await this.#body(body, size, header.path);
    await this.#pad(size);
  }

  /** Write the end-of-archive marker (two zero blocks) and end the output stream. */
  async finish(): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    await this.#write(Buffer.alloc(BLOCK * 2));
    if (this.#error) throw this.#error;
    this.#out.end();
    await this.#settled('finish');
  }

  async #body(body: Uint8Array | Readable | undefined, size: number, path: string): Promise<void> {
    let written = 0;
    if (body instanceof Uint8Array) {
      written = body.length;
      if (written === size) await this.#write(body);
    } else if (body !== undefined) {
      for await (const chunk of body) {
        const buf = chunk as Buffer;
        written += buf.length;
        if (written > size) break;
        await this.#write(buf);
      }
    }
    if (written !== size) {
      throw new OciError(
        'TAR_INVALID',
        `tar member ${path}: body is not the declared ${size} bytes`,
      );
    }
  }

  async #pad(size: number): Promise<void> {
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad > 0) await this.#write(Buffer.alloc(pad));
  }

  async #write(buf: Uint8Array): Promise<void> {
    if (this.#error) throw this.#error;
    if (this.#out.destroyed) throw new OciError('TAR_INVALID', 'tar output closed');
    if (!this.#out.write(buf)) await this.#settled('drain');
  }

  // Wait for `event`, or fail with the output's error if it closes first.
  async #settled(event: 'drain' | 'finish'): Promise<void> {
    const ac = new AbortController();
    await Promise.race([
      once(this.#out, event, { signal: ac.signal }),
      once(this.#out, 'close', { signal: ac.signal }),
    ]).finally(() => ac.abort());
    if (this.#error) throw this.#error;
  }
}

// Names that do not fit ustar's 100+155 split, sizes of 8 GiB and more, large ids.
function paxRecords(h: TarWriteHeader, size: number): Buffer {
  const recs: [string, string][] = [];
  if (splitName(h.path) === null) recs.push(['path', h.path]);
  if (h.linkname !== undefined && Buffer.byteLength(h.linkname) > 100)
    recs.push(['linkpath', h.linkname]);
  if (size > MAX_OCTAL_11) recs.push(['size', String(size)]);
  if ((h.uid ?? 0) > MAX_OCTAL_7) recs.push(['uid', String(h.uid)]);
  if ((h.gid ?? 0) > MAX_OCTAL_7) recs.push(['gid', String(h.gid)]);
  return Buffer.concat(recs.map(([k, v]) => paxRecord(k, v)));
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyLen = Buffer.byteLength(body);
  let len = bodyLen + String(bodyLen).length;
  if (String(len).length + bodyLen !== len) len = String(len + 1).length + bodyLen;
  return Buffer.from(`${len}${body}`);
}

function paxName(path: string): string {
  const base = path.split('/').filter(Boolean).pop() ?? 'entry';
  return `PaxHeaders/${base}`.slice(0, 99);
}

// ustar stores a path as prefix (≤155 bytes) "/" name (≤100 bytes), split at a slash.
function splitName(path: string): { prefix: string; name: string } | null {
  if (!/^[\x20-\x7e]*$/.test(path)) return null;
  if (path.length <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    if (i <= 155 && path.length - i - 1 <= 100 && path.length - i - 1 > 0) {
      return { prefix: path.slice(0, i), name: path.slice(i + 1) };
    }
  }
  return null;
}

function encodeHeader(h: TarWriteHeader, typeflag: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const split = splitName(h.path) ?? { prefix: '', name: asciiTrunc(h.path, 100) };
  block.write(split.name, 0, 100, 'latin1');
  octal(block, 100, 8, h.mode ?? (h.type === 'directory' ? 0o755 : 0o644));
  octal(block, 108, 8, Math.min(h.uid ?? 0, MAX_OCTAL_7));
  octal(block, 116, 8, Math.min(h.gid ?? 0, MAX_OCTAL_7));
  octal(block, 124, 12, Math.min(size, MAX_OCTAL_11));
  octal(block, 136, 12, Math.max(0, Math.floor((h.mtime?.getTime() ?? 0) / 1000)));
  block.write(typeflag, 156, 1, 'latin1');
  block.write(asciiTrunc(h.linkname ?? '', 100), 157, 100, 'latin1');
  block.write('ustar\x0000', 257, 8, 'latin1');
  block.write(split.prefix, 345, 155, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += block[i]!;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return block;
}

function octal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(value.toString(8).padStart(width - 1, '0') + '\0', offset, width, 'latin1');
}

function asciiTrunc(s: string, max: number): string {
  return s.replace(/[^\x20-\x7e]/g, '_').slice(0, max);
}
