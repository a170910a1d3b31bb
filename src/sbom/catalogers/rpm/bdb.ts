import { SbomError } from '../../errors.ts';

/**
 * Values of a Berkeley DB hash database (rpm's `Packages` before rpm 4.16), read without
 * libdb: the metadata page gives the page size and last page; every hash page holds
 * key/value index pairs; rpm headers live on overflow-page chains (libdb dbinc/db_page.h).
 */
const HASH_MAGIC = 0x061561;
const PAGE_HEADER = 26;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASH = 13;
const H_OFFPAGE = 3;
const VALID_PAGE_SIZES = new Set([512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]);

export function isBerkeleyHashDb(db: Uint8Array): boolean {
  if (db.length < 512) return false;
  const v = new DataView(db.buffer, db.byteOffset, db.byteLength);
  return v.getUint32(12, true) === HASH_MAGIC || v.getUint32(12, false) === HASH_MAGIC;
}

/** Every off-page value (the rpm header blobs), in page order. */
export function* berkeleyHashValues(db: Uint8Array): Generator<Uint8Array> {
  const fail = (why: string) => new SbomError('PACKAGE_DB_INVALID', `Berkeley DB: ${why}`);
  if (!isBerkeleyHashDb(db)) throw fail('not a hash database');
  const v = new DataView(db.buffer, db.byteOffset, db.byteLength);
  const le = v.getUint32(12, true) === HASH_MAGIC;
  const u16 = (at: number) => v.getUint16(at, le);
  const u32 = (at: number) => v.getUint32(at, le);
  const pageSize = u32(20);
  if (!VALID_PAGE_SIZES.has(pageSize)) throw fail(`bad page size ${pageSize}`);
  const pages = Math.floor(db.length / pageSize);
  const lastPage = Math.min(u32(32), pages - 1);
  // Entries sharing one long overflow chain would make the work quadratic: cap the total.
  const budget = 2 * db.length;
  let produced = 0;
  for (let p = 1; p <= lastPage; p++) {
    const base = p * pageSize;
    const type = db[base + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = u16(base + 20);
    if (PAGE_HEADER + entries * 2 > pageSize) throw fail(`page ${p} has too many entries`);
    // Entries alternate key, value; only values on overflow pages carry package headers.
    for (let i = 1; i < entries; i += 2) {
      const off = u16(base + PAGE_HEADER + i * 2);
      if (off >= pageSize || db[base + off] !== H_OFFPAGE) continue;
      if (off + 12 > pageSize) throw fail(`page ${p} entry ${i} points outside the page`);
      const chain = { first: u32(base + off + 4), total: u32(base + off + 8) };
      const value = readOverflow(db, chain.first, chain.total, pageSize, pages, u16, u32, fail);
      produced += value.length;
      if (produced > budget) throw fail('values add up to more than the file holds');
      yield value;
    }
  }
}

function readOverflow(
  db: Uint8Array,
  first: number,
  total: number,
  pageSize: number,
  pages: number,
  u16: (at: number) => number,
  u32: (at: number) => number,
  fail: (why: string) => Error,
): Uint8Array {
  if (total > db.length) throw fail('overflow value larger than the file');
  const out = new Uint8Array(total);
  let filled = 0;
  let page = first;
  // Each page can be visited once: a chain longer than the file is a loop.
  for (let hops = 0; page !== 0 && filled < total; hops++) {
    if (page >= pages || hops > pages) throw fail(`overflow chain broken at page ${page}`);
    const base = page * pageSize;
    if (db[base + 25] !== P_OVERFLOW) throw fail(`page ${page} is not an overflow page`);
    const len = Math.min(u16(base + 22), pageSize - PAGE_HEADER, total - filled);
    out.set(db.subarray(base + PAGE_HEADER, base + PAGE_HEADER + len), filled);
    filled += len;
    page = u32(base + 16);
  }
  if (filled !== total) throw fail('overflow value truncated');
  return out;
}
