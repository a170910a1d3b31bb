import { SbomError } from '../../errors.ts';

/**
 * Blobs of rpm's NDB database (`Packages.db`, SUSE since rpm 4.16; rpm lib/backend/ndb/
 * rpmpkg.c): a 32-byte header with magic `RpmP` and the slot-page count, 16-byte slots
 * {magic `Slot`, pkgidx, blkoff, blkcnt} filling those 4 KiB pages, and at blkoff×16 each
 * blob: {magic `BlbS`, pkgidx, generation, length} followed by the header bytes.
 */
const HEADER_MAGIC = 0x506d7052; // 'RpmP' little-endian
const SLOT_MAGIC = 0x746f6c53; // 'Slot'
const BLOB_MAGIC = 0x53626c42; // 'BlbS'
const SLOT_PAGE = 4096;
const BLOCK = 16;
const MAX_SLOT_PAGES = 2048;

export function isNdb(db: Uint8Array): boolean {
  return (
    db.length >= 32 && new DataView(db.buffer, db.byteOffset, 8).getUint32(0, true) === HEADER_MAGIC
  );
}

export function* ndbBlobs(db: Uint8Array): Generator<Uint8Array> {
  const fail = (why: string) => new SbomError('PACKAGE_DB_INVALID', `rpm NDB: ${why}`);
  if (!isNdb(db)) throw fail('bad magic');
  const v = new DataView(db.buffer, db.byteOffset, db.byteLength);
  const version = v.getUint32(4, true);
  const slotPages = v.getUint32(12, true);
  if (version !== 0 || slotPages === 0 || slotPages > MAX_SLOT_PAGES)
    throw fail(`bad header (${slotPages} slot pages)`);
  const slotsEnd = slotPages * SLOT_PAGE;
  if (slotsEnd > db.length) throw fail('truncated slot pages');
  // Slots pointing at overlapping blobs would repeat work: cap the total like the file size.
  const budget = 2 * db.length;
  let produced = 0;
  // The first two slots' space is the file header.
  for (let at = 32; at < slotsEnd; at += 16) {
    if (v.getUint32(at, true) !== SLOT_MAGIC) throw fail(`bad slot magic at ${at}`);
    const pkgIndex = v.getUint32(at + 4, true);
    if (pkgIndex === 0) continue;
    const blob = v.getUint32(at + 8, true) * BLOCK;
    if (blob + 16 > db.length) throw fail(`slot for package ${pkgIndex} points past the end`);
    if (v.getUint32(blob, true) !== BLOB_MAGIC || v.getUint32(blob + 4, true) !== pkgIndex) {
      throw fail(`blob for package ${pkgIndex} is damaged`);
    }
    const len = v.getUint32(blob + 12, true);
    if (blob + 16 + len > db.length) throw fail(`blob for package ${pkgIndex} is truncated`);
    produced += len;
    if (produced > budget) throw fail('blobs add up to more than the file holds');
    yield db.subarray(blob + 16, blob + 16 + len);
  }
}
