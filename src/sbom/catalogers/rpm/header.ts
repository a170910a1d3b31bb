import { SbomError } from '../../errors.ts';

/**
 * Reader of an rpm header blob as the rpmdb stores it (no lead, no magic): a big-endian
 * index count and data length, then 16-byte index entries {tag, type, offset, count} and
 * the data store (rpm's lib/header.c, `headerImport`; LSB "Package File Format", 24.2).
 */
export const RPMTAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  LICENSE: 1014,
  ARCH: 1022,
  SOURCERPM: 1044,
  MODULARITYLABEL: 5096,
} as const;

const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;

// rpm's own bounds (lib/header.c: HEADER_TAGS_MAX, HEADER_DATA_MAX).
const MAX_INDEX_ENTRIES = 0xffff;
const MAX_DATA_BYTES = 256 * 1024 * 1024;

export interface RpmHeader {
  readonly name: string;
  readonly version: string;
  readonly release: string;
  readonly epoch: number | undefined;
  readonly arch: string | undefined;
  readonly sourceRpm: string | undefined;
  readonly license: string | undefined;
  readonly modularityLabel: string | undefined;
}

/** Parse the fields Sigil needs; throws PACKAGE_DB_INVALID on a malformed blob. */
export function parseRpmHeader(blob: Uint8Array): RpmHeader {
  const fail = (why: string) => new SbomError('PACKAGE_DB_INVALID', `rpm header: ${why}`);
  if (blob.length < 8) throw fail('shorter than its preamble');
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const il = view.getUint32(0);
  const dl = view.getUint32(4);
  if (il === 0 || il > MAX_INDEX_ENTRIES || dl > MAX_DATA_BYTES)
    throw fail(`bad sizes (${il} tags, ${dl} bytes)`);
  const dataStart = 8 + il * 16;
  if (dataStart + dl > blob.length) throw fail('truncated');
  const data = blob.subarray(dataStart, dataStart + dl);
  const wanted = new Set<number>(Object.values(RPMTAG));
  const values = new Map<number, string | number>();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = view.getUint32(at);
    if (!wanted.has(tag) || values.has(tag)) continue;
    const type = view.getUint32(at + 4);
    const offset = view.getUint32(at + 8);
    const count = view.getUint32(at + 12);
    if (offset >= dl || count === 0) throw fail(`tag ${tag} points outside the data`);
    if (type === TYPE_INT32) {
      if (offset + 4 > dl) throw fail(`tag ${tag} points outside the data`);
      values.set(tag, new DataView(data.buffer, data.byteOffset + offset, 4).getUint32(0));
    } else if (type === TYPE_STRING || type === TYPE_STRING_ARRAY || type === TYPE_I18NSTRING) {
      const end = data.indexOf(0, offset);
      if (end < 0) throw fail(`tag ${tag} string is not terminated`);
      values.set(tag, Buffer.from(data.subarray(offset, end)).toString('utf8'));
    }
  }
  const str = (tag: number) => {
    const v = values.get(tag);
    return typeof v === 'string' ? v : undefined;
  };
  const name = str(RPMTAG.NAME);
  if (!name) throw fail('no NAME tag');
  const epoch = values.get(RPMTAG.EPOCH);
  return {
    name,
    version: str(RPMTAG.VERSION) ?? '',
    release: str(RPMTAG.RELEASE) ?? '',
    epoch: typeof epoch === 'number' ? epoch : undefined,
    arch: str(RPMTAG.ARCH),
    sourceRpm: str(RPMTAG.SOURCERPM),
    license: str(RPMTAG.LICENSE),
    modularityLabel: str(RPMTAG.MODULARITYLABEL),
  };
}

/** `util-linux-2.32.1-42.el8_8.src.rpm` → { name: util-linux, version: 2.32.1-42.el8_8 }. */
export function parseSourceRpm(file: string): { name: string; version: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(file);
  return m ? { name: m[1]!, version: `${m[2]}-${m[3]}` } : undefined;
}
