import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { LIMITS } from '../../core/index.ts';
import { OciError } from '../errors.ts';
import { readTar } from '../tar/index.ts';
import { ARCHIVE_MANIFEST, cleanPath } from './archive-format.ts';

/** Where a member lives in the archive file. */
export interface Member {
  readonly path: string;
  readonly type: 'file' | 'symlink' | 'other';
  readonly offset: number;
  readonly size: number;
  readonly linkname: string;
  /** sha256 of a regular file's bytes, and its first bytes (to tell compression). */
  readonly digest: string;
  readonly magic: Buffer;
}

export interface ArchiveScan {
  readonly members: ReadonlyMap<string, Member>;
  readonly manifestBytes: Buffer;
}

const MAX_MEMBERS = 100_000;

/**
 * One pass over the archive: the position and digest of every member (so each can later be
 * described without reading it again, and read directly from the file) and the bytes of
 * `manifest.json`.
 */
export async function scanArchive(file: string): Promise<ArchiveScan> {
  const members = new Map<string, Member>();
  let manifestBytes: Buffer | undefined;
  try {
    for await (const e of readTar(createReadStream(file))) {
      if (members.size >= MAX_MEMBERS) throw invalid(file, `more than ${MAX_MEMBERS} members`);
      const path = cleanPath(e.header.path);
      const t = e.header.type;
      const type = t === 'file' || t === 'symlink' ? t : 'other';
      const body =
        type === 'file' ? await digestBody(e.body, path === ARCHIVE_MANIFEST) : undefined;
      members.set(path, {
        path,
        type,
        offset: e.offset,
        size: e.header.size,
        linkname: e.header.linkname,
        digest: body?.digest ?? '',
        magic: body?.magic ?? Buffer.alloc(0),
      });
      if (path === ARCHIVE_MANIFEST && body !== undefined) {
        if (e.header.size > LIMITS.jsonBytes) throw invalid(file, 'manifest.json is too large');
        manifestBytes = body.bytes;
      }
    }
  } catch (err) {
    if (err instanceof OciError && (err.code === 'TAR_INVALID' || err.code === 'TAR_TRUNCATED')) {
      throw new OciError('ARCHIVE_INVALID', `${file}: ${err.message}`, { cause: err });
    }
    throw err;
  }
  if (manifestBytes === undefined)
    throw invalid(file, 'no manifest.json (not a docker save archive)');
  return { members, manifestBytes };
}

/** The regular file a path names, following one symlink as containers/image does. */
export function resolveMember(scan: ArchiveScan, path: string, file: string): Member {
  let m = scan.members.get(cleanPath(path));
  if (m?.type === 'symlink') {
    m = scan.members.get(cleanPath(posix.join(posix.dirname(cleanPath(path)), m.linkname)));
  }
  if (m === undefined) throw invalid(file, `no member ${JSON.stringify(path)}`);
  if (m.type !== 'file') throw invalid(file, `${JSON.stringify(path)} is not a regular file`);
  return m;
}

/** A member's bytes, read straight from the file. */
export function memberStream(file: string, m: Member): Readable {
  if (m.size === 0) return Readable.from([]);
  return createReadStream(file, { start: m.offset, end: m.offset + m.size - 1 });
}

// Hash a member as it streams by; keep its bytes only for manifest.json (bounded by the caller).
async function digestBody(
  body: Readable,
  keep: boolean,
): Promise<{ digest: string; magic: Buffer; bytes: Buffer }> {
  const hash = createHash('sha256');
  const kept: Buffer[] = [];
  let magic: Buffer | undefined;
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    magic ??= Buffer.from(buf.subarray(0, 4));
    hash.update(buf);
    size += buf.length;
    if (keep && size <= LIMITS.jsonBytes) kept.push(buf);
  }
  return {
    digest: `sha256:${hash.digest('hex')}`,
    magic: magic ?? Buffer.alloc(0),
    bytes: Buffer.concat(kept),
  };
}

/**
 * The archive as a plain tar file. `docker save | gzip` output is decompressed to a temp file
 * first, as containers/image and `docker load` accept it; `cleanup` removes that copy.
 */
export async function plainArchive(
  file: string,
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw invalid(file, 'no such file');
    throw err;
  });
  const head = Buffer.alloc(2);
  try {
    await fh.read(head, 0, 2, 0);
  } finally {
    await fh.close();
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) return { path: file, cleanup: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'sigil-archive-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'archive.tar');
  try {
    await pipeline(createReadStream(file), createGunzip(), createWriteStream(path));
  } catch (cause) {
    await cleanup();
    throw new OciError('ARCHIVE_INVALID', `${file}: bad gzip compression`, { cause });
  }
  return { path, cleanup };
}

function invalid(file: string, message: string): OciError {
  return new OciError('ARCHIVE_INVALID', `${file}: ${message}`);
}
