import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';
import { VulnDbError } from '../errors.ts';
import { DB_LIMITS } from './constants.ts';

/** One file of an archive, or why it was skipped (too large, bad CRC, unsupported method). */
export type ZipEntry =
  | { readonly kind: 'file'; readonly name: string; readonly data: Buffer }
  | { readonly kind: 'skipped'; readonly name: string; readonly reason: string };

interface CentralEntry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

export interface ZipLimits {
  readonly entries: number;
  readonly entryBytes: number;
  readonly totalBytes: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX_COMMENT = 0xffff;

/**
 * Reads a zip archive (APPNOTE 6.3.x: stored and deflated entries, ZIP64 sizes) from a file,
 * entry by entry, without loading the archive into memory. The central directory is the
 * authority; every entry is bounded in size, inflated with an output cap (zip bombs stop at
 * the cap) and checked against its CRC-32. A structurally broken or truncated archive throws
 * `ZIP_INVALID`; one bad entry is reported as skipped.
 */
export function* readZip(file: string, limits: ZipLimits = zipLimits()): Generator<ZipEntry> {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const entries = centralDirectory(fd, size, limits);
    let total = 0;
    for (const entry of entries) {
      if (entry.name.endsWith('/')) continue;
      const problem = entryProblem(entry, size, limits);
      if (problem !== undefined) {
        yield { kind: 'skipped', name: entry.name, reason: problem };
        continue;
      }
      total += entry.size;
      if (total > limits.totalBytes) {
        throw new VulnDbError(
          'ZIP_INVALID',
          `${file}: archive expands beyond ${limits.totalBytes} bytes`,
        );
      }
      yield extract(fd, entry, size);
    }
  } finally {
    closeSync(fd);
  }
}

export function zipLimits(): ZipLimits {
  return {
    entries: DB_LIMITS.zipEntries,
    entryBytes: DB_LIMITS.zipEntryBytes,
    totalBytes: DB_LIMITS.zipTotalBytes,
  };
}

function invalid(message: string): VulnDbError {
  return new VulnDbError('ZIP_INVALID', message);
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  if (n !== length) throw invalid('archive is truncated');
  return buf;
}

function centralDirectory(fd: number, size: number, limits: ZipLimits): CentralEntry[] {
  if (size < 22) throw invalid('not a zip archive (too short)');
  const tailLength = Math.min(size, 22 + MAX_COMMENT);
  const tail = readAt(fd, size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      at = i;
      break;
    }
  }
  if (at < 0) throw invalid('no end of central directory record (truncated or not a zip archive)');
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    ({ count, cdSize, cdOffset } = zip64End(fd, size - tailLength + at));
  }
  if (count > limits.entries)
    throw invalid(`archive has ${count} entries, more than ${limits.entries}`);
  if (cdOffset + cdSize > size) throw invalid('central directory lies outside the archive');
  if (cdSize > count * (46 + 3 * 0xffff)) throw invalid('central directory size is inconsistent');
  return parseCentral(readAt(fd, cdOffset, cdSize), count);
}

function zip64End(fd: number, eocdAt: number): { count: number; cdSize: number; cdOffset: number } {
  if (eocdAt < 20) throw invalid('ZIP64 locator missing');
  const locator = readAt(fd, eocdAt - 20, 20);
  if (locator.readUInt32LE(0) !== ZIP64_LOCATOR_SIG) throw invalid('ZIP64 locator missing');
  const recordAt = safeNumber(locator.readBigUInt64LE(8));
  const record = readAt(fd, recordAt, 56);
  if (record.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw invalid('ZIP64 end record missing');
  return {
    count: safeNumber(record.readBigUInt64LE(32)),
    cdSize: safeNumber(record.readBigUInt64LE(40)),
    cdOffset: safeNumber(record.readBigUInt64LE(48)),
  };
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid('ZIP64 value out of range');
  return Number(v);
}

function parseCentral(cd: Buffer, count: number): CentralEntry[] {
  const entries: CentralEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIG)
      throw invalid('central directory is corrupt');
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > cd.length) throw invalid('central directory is corrupt');
    const sizes = {
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
    };
    applyZip64Extra(cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), sizes);
    entries.push({
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      ...sizes,
    });
    p = end;
  }
  return entries;
}

// APPNOTE 4.5.3: the ZIP64 extra field holds, in order, only the values set to 0xFFFFFFFF.
function applyZip64Extra(
  extra: Buffer,
  sizes: { compressedSize: number; size: number; localOffset: number },
): void {
  for (let q = 0; q + 4 <= extra.length;) {
    const tag = extra.readUInt16LE(q);
    const length = extra.readUInt16LE(q + 2);
    if (tag === 0x0001) {
      let r = q + 4;
      const next = (): number => {
        if (r + 8 > q + 4 + length || r + 8 > extra.length)
          throw invalid('ZIP64 extra field is short');
        const v = safeNumber(extra.readBigUInt64LE(r));
        r += 8;
        return v;
      };
      if (sizes.size === 0xffffffff) sizes.size = next();
      if (sizes.compressedSize === 0xffffffff) sizes.compressedSize = next();
      if (sizes.localOffset === 0xffffffff) sizes.localOffset = next();
      return;
    }
    q += 4 + length;
  }
}

function entryProblem(
  entry: CentralEntry,
  archiveSize: number,
  limits: ZipLimits,
): string | undefined {
  if (entry.method !== 0 && entry.method !== 8)
    return `compression method ${entry.method} unsupported`;
  if (entry.size > limits.entryBytes)
    return `expands to ${entry.size} bytes, more than ${limits.entryBytes}`;
  if (entry.localOffset + 30 + entry.compressedSize > archiveSize)
    return 'data lies outside the archive';
  if (entry.method === 0 && entry.compressedSize !== entry.size)
    return 'stored entry sizes disagree';
  return undefined;
}

function extract(fd: number, entry: CentralEntry, archiveSize: number): ZipEntry {
  const header = readAt(fd, entry.localOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL_SIG) throw invalid(`${entry.name}: local header is corrupt`);
  const dataAt = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (dataAt + entry.compressedSize > archiveSize)
    throw invalid(`${entry.name}: archive is truncated`);
  const raw = readAt(fd, dataAt, entry.compressedSize);
  let data: Buffer;
  try {
    data =
      entry.method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
  } catch (err) {
    return {
      kind: 'skipped',
      name: entry.name,
      reason: `cannot inflate: ${(err as Error).message}`,
    };
  }
  if (data.length !== entry.size)
    return { kind: 'skipped', name: entry.name, reason: 'size disagrees with the directory' };
  if (crc32(data) !== entry.crc)
    return { kind: 'skipped', name: entry.name, reason: 'CRC-32 mismatch' };
  return { kind: 'file', name: entry.name, data };
}
