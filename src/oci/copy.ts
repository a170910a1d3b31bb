import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LIMITS, noEvents, type EventSink } from '../core/index.ts';
import { OciError } from './errors.ts';
import { parseManifestBlob } from './manifest.ts';
import { selectPlatform } from './platform.ts';
import type { ImageDestination, ImageSource } from './transport.ts';
import type { Descriptor, ManifestBlob, Platform } from './types.ts';

export interface CopyOptions {
  /** Copy an index with every image it names, digests preserved (skopeo `--all`). */
  readonly allPlatforms?: boolean;
  /** The image to take from an index when not copying all (default linux/amd64). */
  readonly platform?: Platform;
  readonly events?: EventSink;
  readonly signal?: AbortSignal;
}

export interface CopyResult {
  /** Digest and media type of the manifest or index the destination now names. */
  readonly digest: string;
  readonly mediaType: string;
  /** Blobs written and blobs the destination already had. */
  readonly blobsCopied: number;
  readonly blobsSkipped: number;
}

interface Ctx {
  readonly src: ImageSource;
  readonly dst: ImageDestination;
  readonly opts: CopyOptions;
  readonly events: EventSink;
  readonly seen: Set<string>;
  copied: number;
  skipped: number;
}

/**
 * Copy an image (or, with `allPlatforms`, a whole index) from `src` to `dst`. Manifests go
 * over byte for byte, so digests are preserved; blobs the destination has are skipped;
 * children are written before their parents and `commit()` runs only once everything is
 * in and verified, so a failed copy leaves no name pointing at a partial image.
 *
 * @example await copyImage(await openOciLayout('a', { tag: 'x' }), await createOciLayoutDestination('b', { tag: 'x' }));
 */
export async function copyImage(
  src: ImageSource,
  dst: ImageDestination,
  opts: CopyOptions = {},
): Promise<CopyResult> {
  const ctx: Ctx = {
    src,
    dst,
    opts,
    events: opts.events ?? noEvents,
    seen: new Set(),
    copied: 0,
    skipped: 0,
  };
  try {
    const top = await src.getManifest(undefined, opts.signal);
    const written = await copyManifest(ctx, top, true, 0);
    opts.signal?.throwIfAborted();
    await dst.commit();
    return {
      digest: written.digest,
      mediaType: written.mediaType,
      blobsCopied: ctx.copied,
      blobsSkipped: ctx.skipped,
    };
  } catch (err) {
    await abortDestination(dst);
    throw err;
  }
}

// Copies one manifest or index and what it references; returns the manifest the parent names.
async function copyManifest(
  ctx: Ctx,
  blob: ManifestBlob,
  root: boolean,
  depth: number,
): Promise<ManifestBlob> {
  if (depth > LIMITS.maxIndexDepth) {
    throw new OciError('MANIFEST_INVALID', `indexes nested deeper than ${LIMITS.maxIndexDepth}`);
  }
  const parsed = parseManifestBlob(blob);
  if (parsed.kind === 'manifest') {
    for (const desc of [parsed.manifest.config, ...parsed.manifest.layers])
      await copyBlob(ctx, desc);
    await ctx.dst.putManifest(blob, { root }, ctx.opts.signal);
    return blob;
  }
  if (ctx.opts.allPlatforms !== true) {
    const chosen = selectPlatform(parsed.index, ctx.opts.platform);
    return copyManifest(ctx, await child(ctx, chosen), root, depth + 1);
  }
  for (const desc of parsed.index.manifests) {
    await copyManifest(ctx, await child(ctx, desc), false, depth + 1);
  }
  await ctx.dst.putManifest(blob, { root }, ctx.opts.signal);
  return blob;
}

async function child(ctx: Ctx, desc: Descriptor): Promise<ManifestBlob> {
  const m = await ctx.src.getManifest(desc.digest, ctx.opts.signal);
  if (m.bytes.length !== desc.size) {
    throw new OciError(
      'MANIFEST_INVALID',
      `manifest ${desc.digest}: ${m.bytes.length} bytes, index says ${desc.size}`,
    );
  }
  // The index's descriptor is authoritative for the media type (OCI image spec §image-index).
  return { ...m, mediaType: desc.mediaType };
}

async function copyBlob(ctx: Ctx, desc: Descriptor): Promise<void> {
  const { src, dst, opts, events } = ctx;
  if (ctx.seen.has(desc.digest)) return;
  ctx.seen.add(desc.digest);
  opts.signal?.throwIfAborted();
  const progress = (done: number) =>
    events({ kind: 'progress', task: 'copy', id: desc.digest, done, total: desc.size });
  if (await dst.hasBlob(desc, opts.signal)) {
    ctx.skipped++;
    progress(desc.size);
    return;
  }
  progress(0);
  const data = await src.fetchBlob(desc, opts.signal);
  const counted = counter(progress);
  // pipeline carries a source failure (DIGEST_MISMATCH, truncation) into `counted`.
  pipeline(data, counted).catch(() => {});
  try {
    await dst.putBlob(desc, counted, opts.signal);
  } catch (err) {
    data.destroy();
    throw err;
  }
  ctx.copied++;
}

// Reports bytes passing through, at most every 4 MiB plus once at the end.
function counter(report: (done: number) => void): Transform {
  let done = 0;
  let last = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      done += chunk.length;
      if (done - last >= 4 * 1024 * 1024) {
        last = done;
        report(done);
      }
      cb(null, chunk);
    },
    flush(cb) {
      report(done);
      cb();
    },
  });
}

async function abortDestination(dst: ImageDestination): Promise<void> {
  const abort = (dst as Partial<{ abort(): Promise<void> }>).abort;
  if (typeof abort === 'function') await abort.call(dst).catch(() => {});
}
