import { Readable } from 'node:stream';
import { OciError } from '../errors.ts';
import { ByteReader } from './byte-reader.ts';
import {
  BLOCK,
  decodeHeader,
  entryType,
  isZeroBlock,
  parsePax,
  paxNumber,
  type RawHeader,
  type TarHeader,
} from './header.ts';

/** Bounds on metadata a hostile archive could inflate. */
export interface TarReadLimits {
  /** Largest pax extended header (local or global). */
  readonly paxBytes: number;
  /** Longest path or link name (GNU long names, pax path/linkpath). */
  readonly nameBytes: number;
  /** Largest member size accepted. */
  readonly entryBytes: number;
}

export const TAR_LIMITS: TarReadLimits = {
  paxBytes: 1024 * 1024,
  nameBytes: 64 * 1024,
  entryBytes: Number.MAX_SAFE_INTEGER,
};

/** One member: its header, where its body starts in the stream, and the body itself. */
export interface TarEntry {
  readonly header: TarHeader;
  /** Byte offset of the body in the archive (lets a file-backed caller read it again). */
  readonly offset: number;
  /**
   * The body, exactly `header.size` bytes. Read it before asking for the next entry; an
   * unread body is skipped (and this stream destroyed) when the iteration moves on.
   */
  readonly body: Readable;
}

/**
 * Iterate the members of a tar stream in one pass: ustar, GNU (long names, base-256
 * numbers) and pax (local and global headers). Memory is bounded by the limits, not by the
 * archive. Malformed input fails with TAR_INVALID, a cut-off archive with TAR_TRUNCATED.
 *
 * @example
 *   for await (const entry of readTar(fs.createReadStream('layer.tar'))) {
 *     if (entry.header.path === 'etc/os-release') text = await buffer(entry.body);
 *   }
 */
export async function* readTar(
  input: AsyncIterable<Buffer | Uint8Array | string>,
  limits: Partial<TarReadLimits> = {},
): AsyncGenerator<TarEntry, void, undefined> {
  const lim = { ...TAR_LIMITS, ...limits };
  const reader = new ByteReader(input);
  let global: Record<string, string> = {};
  try {
    while (true) {
      const next = await readHeaderChain(reader, lim, global);
      if (next === null) return;
      global = next.global;
      const state = { remaining: next.header.size };
      const body = bodyStream(reader, state, next.header.path);
      yield { header: next.header, offset: next.offset, body };
      if (!body.readableEnded) body.destroy();
      await finishBody(reader, state, next.header.size, next.header.path);
    }
  } finally {
    await reader.close();
  }
}

interface Pending {
  pax: Record<string, string>;
  longName?: string;
  longLink?: string;
}

// Read metadata headers (pax, GNU long names) up to the next real member.
async function readHeaderChain(
  reader: ByteReader,
  lim: TarReadLimits,
  globalIn: Record<string, string>,
): Promise<{ header: TarHeader; offset: number; global: Record<string, string> } | null> {
  let global = globalIn;
  const pending: Pending = { pax: {} };
  for (let meta = 0; ; meta++) {
    const at = reader.position;
    const block = await reader.readExact(BLOCK);
    // Like Go's archive/tar, input ending cleanly between members ends the archive.
    if (block.length === 0 && meta === 0) return null;
    if (block.length < BLOCK) throw truncated(at, 'header');
    if (isZeroBlock(block)) {
      if (meta > 0)
        throw new OciError('TAR_INVALID', `tar: extension header at ${at} without member`);
      return null;
    }
    if (meta > 32)
      throw new OciError('TAR_INVALID', `tar: too many extension headers before byte ${at}`);
    const raw = decodeHeader(block, at);
    switch (raw.typeflag) {
      case 'x':
      case 'g': {
        const pax = parsePax(await readMeta(reader, raw, lim.paxBytes, 'pax header', at), at);
        if (raw.typeflag === 'g') global = applyPax(global, pax);
        else pending.pax = { ...pending.pax, ...pax };
        continue;
      }
      case 'L':
      case 'K': {
        const body = await readMeta(reader, raw, lim.nameBytes, 'GNU long name', at);
        const nul = body.indexOf(0);
        const text = body.toString('utf8', 0, nul < 0 ? body.length : nul);
        if (raw.typeflag === 'L') pending.longName = text;
        else pending.longLink = text;
        continue;
      }
    }
    const header = buildHeader(raw, pending, global, lim, at);
    return { header, offset: reader.position, global };
  }
}

function buildHeader(
  raw: RawHeader,
  pending: Pending,
  global: Record<string, string>,
  lim: TarReadLimits,
  at: number,
): TarHeader {
  const pax = applyPax(global, pending.pax);
  const path = pax.path ?? pending.longName ?? raw.name;
  const linkname = pax.linkpath ?? pending.longLink ?? raw.linkname;
  if (Buffer.byteLength(path) > lim.nameBytes || Buffer.byteLength(linkname) > lim.nameBytes) {
    throw new OciError(
      'TAR_INVALID',
      `tar header at byte ${at}: name longer than ${lim.nameBytes} bytes`,
    );
  }
  const type = entryType(raw.typeflag);
  let size = pax.size !== undefined ? paxNumber(pax.size, 'size', at) : raw.size;
  // Links, devices, directories and fifos carry no body whatever their size field says.
  if (type !== 'file' && type !== 'other') size = 0;
  if (size > lim.entryBytes) {
    throw new OciError('TAR_INVALID', `tar member ${path} of ${size} bytes exceeds the limit`);
  }
  const num = (key: string, fallback: number, frac = false) =>
    pax[key] !== undefined ? paxNumber(pax[key], key, at, frac) : fallback;
  return {
    path,
    type,
    size,
    mode: raw.mode,
    linkname,
    uid: num('uid', raw.uid),
    gid: num('gid', raw.gid),
    uname: pax.uname ?? raw.uname,
    gname: pax.gname ?? raw.gname,
    mtime: new Date(num('mtime', raw.mtime, true) * 1000),
    typeflag: raw.typeflag,
    pax,
  };
}

// Later records override earlier ones; an empty value removes the key (POSIX pax).
function applyPax(
  base: Record<string, string>,
  over: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}

async function readMeta(
  reader: ByteReader,
  raw: RawHeader,
  max: number,
  what: string,
  at: number,
): Promise<Buffer> {
  if (raw.size > max) {
    throw new OciError('TAR_INVALID', `${what} at byte ${at} is ${raw.size} bytes (limit ${max})`);
  }
  const body = await reader.readExact(raw.size);
  if (body.length < raw.size) throw truncated(at, what);
  await skipPadding(reader, raw.size, at);
  return body;
}

function bodyStream(reader: ByteReader, state: { remaining: number }, path: string): Readable {
  return new Readable({
    highWaterMark: 64 * 1024,
    read() {
      if (state.remaining === 0) {
        this.push(null);
        return;
      }
      reader.readUpTo(Math.min(state.remaining, 256 * 1024)).then(
        (chunk) => {
          if (chunk !== null) state.remaining -= chunk.length;
          if (this.destroyed) return;
          if (chunk === null) {
            this.destroy(truncated(reader.position, `body of ${path}`));
            return;
          }
          this.push(chunk);
          if (state.remaining === 0) this.push(null);
        },
        (err: unknown) => this.destroy(err as Error),
      );
    },
  });
}

// Skip what the consumer did not read, then the padding to the next block.
async function finishBody(
  reader: ByteReader,
  state: { remaining: number },
  size: number,
  path: string,
): Promise<void> {
  // Wait for an in-flight body read to land before counting what is left.
  await reader.readExact(0);
  const left = state.remaining;
  if (left > 0) {
    const skipped = await reader.skip(left);
    state.remaining -= skipped;
    if (skipped < left) throw truncated(reader.position, `body of ${path}`);
  }
  await skipPadding(reader, size, reader.position);
}

async function skipPadding(reader: ByteReader, size: number, at: number): Promise<void> {
  const pad = (BLOCK - (size % BLOCK)) % BLOCK;
  if (pad > 0 && (await reader.skip(pad)) < pad) throw truncated(at, 'padding');
}

function truncated(at: number, what: string): OciError {
  return new OciError('TAR_TRUNCATED', `tar archive truncated in ${what} (near byte ${at})`);
}
