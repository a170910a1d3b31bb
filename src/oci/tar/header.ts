import { OciError } from '../errors.ts';

/** Kinds of tar member, named rather than by typeflag. */
export type TarEntryType =
  'file' | 'hardlink' | 'symlink' | 'char-device' | 'block-device' | 'directory' | 'fifo' | 'other';

/** One member's metadata, with pax and GNU extensions already applied. */
export interface TarHeader {
  readonly path: string;
  readonly type: TarEntryType;
  readonly size: number;
  readonly mode: number;
  readonly linkname: string;
  readonly uid: number;
  readonly gid: number;
  readonly uname: string;
  readonly gname: string;
  readonly mtime: Date;
  /** The raw typeflag character (e.g. 'S' for GNU sparse when type is 'other'). */
  readonly typeflag: string;
  /** pax records in force for this member (global then local), e.g. SCHILY.xattr.* */
  readonly pax: Readonly<Record<string, string>>;
}

export const BLOCK = 512;

/** A raw header block, before pax/GNU extensions. */
export interface RawHeader {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
  uname: string;
  gname: string;
}

const TYPES: Record<string, TarEntryType> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char-device',
  '4': 'block-device',
  '5': 'directory',
  '6': 'fifo',
};

export function entryType(typeflag: string): TarEntryType {
  return TYPES[typeflag] ?? 'other';
}

export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** Decode a header block (POSIX ustar, GNU, or v7), verifying its checksum. */
export function decodeHeader(block: Buffer, offset: number): RawHeader {
  const stored = parseNumber(block.subarray(148, 156), 'checksum', offset);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  // Historic tars summed signed bytes; both are accepted, as GNU tar and Go's archive/tar do.
  if (stored !== unsigned && stored !== signed) {
    throw new OciError('TAR_INVALID', `tar header at byte ${offset}: bad checksum`);
  }
  const magic = block.toString('latin1', 257, 263);
  const version = block.toString('latin1', 263, 265);
  let name = cString(block, 0, 100);
  // POSIX ustar only: GNU tar uses the prefix area for atime/ctime.
  if (magic === 'ustar\0' && version === '00') {
    const prefix = cString(block, 345, 500);
    if (prefix !== '') name = `${prefix}/${name}`;
  }
  return {
    name,
    mode: parseNumber(block.subarray(100, 108), 'mode', offset),
    uid: parseNumber(block.subarray(108, 116), 'uid', offset),
    gid: parseNumber(block.subarray(116, 124), 'gid', offset),
    size: parseNumber(block.subarray(124, 136), 'size', offset),
    mtime: parseNumber(block.subarray(136, 148), 'mtime', offset),
    typeflag: String.fromCharCode(block[156]!),
    linkname: cString(block, 157, 257),
    uname: cString(block, 265, 297),
    gname: cString(block, 297, 329),
  };
}

/** Octal (NUL/space padded) or GNU base-256 numeric field; never beyond 2^53. */
export function parseNumber(field: Buffer, what: string, offset: number): number {
  if (field.length > 0 && (field[0]! & 0x80) !== 0) {
    if ((field[0]! & 0x40) !== 0) {
      throw new OciError('TAR_INVALID', `tar header at byte ${offset}: negative ${what}`);
    }
    let value = field[0]! & 0x3f;
    for (let i = 1; i < field.length; i++) {
      value = value * 256 + field[i]!;
      if (value > Number.MAX_SAFE_INTEGER) {
        throw new OciError(
          'TAR_INVALID',
          `tar header at byte ${offset}: ${what} is absurdly large`,
        );
      }
    }
    return value;
  }
  const text = field
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .replace(/^[ \0]+/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) {
    throw new OciError('TAR_INVALID', `tar header at byte ${offset}: ${what} is not a number`);
  }
  return parseInt(text, 8);
}

function cString(block: Buffer, start: number, end: number): string {
  const nul = block.indexOf(0, start);
  return block.toString('utf8', start, nul >= start && nul < end ? nul : end);
}

/**
 * Parse pax extended header records (`"%d %s=%s\n"`, POSIX.1-2001 pax format). A record with
 * an empty value deletes the key (returned as '' for the caller to apply).
 */
export function parsePax(body: Buffer, offset: number): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  let pos = 0;
  while (pos < body.length) {
    if (body[pos] === 0) break; // some writers pad with NULs
    const space = body.indexOf(0x20, pos);
    const lenText = space < 0 ? '' : body.toString('latin1', pos, space);
    const len = /^[0-9]{1,8}$/.test(lenText) ? Number(lenText) : NaN;
    if (!(len > lenText.length + 1) || pos + len > body.length || body[pos + len - 1] !== 0x0a) {
      throw new OciError('TAR_INVALID', `pax header at byte ${offset}: malformed record`);
    }
    const record = body.toString('utf8', space + 1, pos + len - 1);
    const eq = record.indexOf('=');
    if (eq <= 0)
      throw new OciError('TAR_INVALID', `pax header at byte ${offset}: record without key`);
    out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

/** A pax numeric value (size, uid, mtime may be fractional seconds). */
export function paxNumber(value: string, key: string, offset: number, fractional = false): number {
  const re = fractional ? /^-?[0-9]{1,16}(\.[0-9]{0,9})?$/ : /^[0-9]{1,16}$/;
  const n = Number(value);
  if (!re.test(value) || !Number.isFinite(n) || n > Number.MAX_SAFE_INTEGER) {
    throw new OciError(
      'TAR_INVALID',
      `pax header at byte ${offset}: bad ${key} ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return n;
}
