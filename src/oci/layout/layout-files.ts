import { open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { LIMITS } from '../../core/index.ts';
import { OciError } from '../errors.ts';
import { parseDigest } from '../digest.ts';
import { parseManifest } from '../manifest.ts';
import type { ImageIndex } from '../types.ts';

/** File names and version of the OCI image-layout spec (image-spec §image-layout). */
export const LAYOUT_FILE = 'oci-layout';
export const INDEX_FILE = 'index.json';
export const LAYOUT_VERSION = '1.0.0';

/** `blobs/<alg>/<hex>`; the digest is validated first, so no path escapes the layout. */
export function blobPath(dir: string, digest: string): string {
  const { algorithm, hex } = parseDigest(digest);
  return join(dir, 'blobs', algorithm, hex);
}

/** Contents of a file, refusing anything over `max` bytes before reading it. */
export async function readBounded(
  file: string,
  max: number,
  onTooLarge: (size: number) => OciError,
): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size > max) throw onTooLarge(size);
    const buf = Buffer.alloc(size);
    const { bytesRead } = await fh.read(buf, 0, size, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Check `oci-layout`: present, JSON, a version this reader knows. */
export async function checkLayoutFile(dir: string): Promise<void> {
  let text: Buffer;
  try {
    text = await readBounded(join(dir, LAYOUT_FILE), 4096, () =>
      invalid(dir, 'oci-layout is too large'),
    );
  } catch (err) {
    if (isNotFound(err)) throw invalid(dir, 'no oci-layout file (not an OCI image layout)');
    throw err;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.toString('utf8'));
  } catch (cause) {
    throw new OciError('LAYOUT_INVALID', `${dir}: oci-layout is not valid JSON`, { cause });
  }
  const version = (doc as { imageLayoutVersion?: unknown } | null)?.imageLayoutVersion;
  if (typeof version !== 'string' || !/^1\.\d+\.\d+$/.test(version)) {
    throw invalid(dir, `unsupported imageLayoutVersion ${JSON.stringify(version)}`);
  }
}

/** `index.json` parsed as an image index. */
export async function readIndexJson(dir: string): Promise<ImageIndex> {
  let bytes: Buffer;
  try {
    bytes = await readBounded(join(dir, INDEX_FILE), LIMITS.manifestBytes, (size) =>
      invalid(dir, `index.json of ${size} bytes is over the limit`),
    );
  } catch (err) {
    if (isNotFound(err)) throw invalid(dir, 'no index.json');
    throw err;
  }
  try {
    const parsed = parseManifest(bytes);
    if (parsed.kind !== 'index') throw invalid(dir, 'index.json is not an image index');
    return parsed.index;
  } catch (cause) {
    if (cause instanceof OciError && cause.code === 'LAYOUT_INVALID') throw cause;
    throw new OciError('LAYOUT_INVALID', `${dir}: index.json: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** Write `file` so readers see the old or the new content, never a partial one. */
export async function writeAtomically(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Size of a file, or undefined when there is none. */
export async function fileSize(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

function invalid(dir: string, message: string): OciError {
  return new OciError('LAYOUT_INVALID', `${dir}: ${message}`);
}
