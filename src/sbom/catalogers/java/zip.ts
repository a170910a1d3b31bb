import { inflateRawSync } from 'node:zlib';

/**
 * Just enough of the ZIP format (PKWARE APPNOTE.TXT 4.3) to pull small named entries out of a
 * jar held in memory: the end-of-central-directory record, central directory entries, local
 * headers, stored or deflated data. ZIP64 and encrypted entries are not read.
 */
const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;
const MAX_ENTRIES = 200_000;

export interface ZipEntryRef {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** Central directory entries, or undefined when this is not a readable zip. */
export function zipEntries(zip: Buffer): ZipEntryRef[] | undefined {
  const eocd = findEocd(zip);
  if (eocd < 0) return undefined;
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out: ZipEntryRef[] = [];
  for (let i = 0; i < Math.min(count, MAX_ENTRIES); i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CEN)
      return out.length > 0 ? out : undefined;
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    out.push({
      name: zip.toString('utf8', at + 46, Math.min(zip.length, at + 46 + nameLen)),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** An entry's bytes (at most `max`), or undefined when it cannot be read. */
export function readZipEntry(zip: Buffer, entry: ZipEntryRef, max: number): Buffer | undefined {
  if (entry.size > max) return undefined;
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOC) return undefined;
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) return undefined;
  const data = zip.subarray(start, end);
  if (entry.method === 0) return data.length <= max ? Buffer.from(data) : undefined;
  if (entry.method !== 8) return undefined;
  try {
    return inflateRawSync(data, { maxOutputLength: max });
  } catch {
    return undefined;
  }
}

// The EOCD record sits in the last 22 + 65535 (comment) bytes.
function findEocd(zip: Buffer): number {
  const floor = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= floor; i--) {
    if (zip.readUInt32LE(i) === EOCD) return i;
  }
  return -1;
}
