import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../../core/index.ts';
import { SbomError } from '../errors.ts';
import type { OsInfo } from '../os-release.ts';
import type { Package } from '../package.ts';

/** What an SBOM document describes: the image and what was found in it. */
export interface SbomSubject {
  /** Image reference as the user named it (`registry.example/app:1`). */
  readonly name: string;
  /** Manifest digest, when known. */
  readonly digest?: string;
}

export interface SbomDocumentInput {
  readonly subject: SbomSubject;
  readonly os: OsInfo | undefined;
  readonly packages: readonly Package[];
}

export interface FormatOptions {
  /** Creation time; default SOURCE_DATE_EPOCH (reproducible builds spec), else the clock. */
  readonly created?: Date;
  /** Environment to read SOURCE_DATE_EPOCH from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clock?: Clock;
  readonly toolName?: string;
  readonly toolVersion?: string;
}

export const TOOL = { name: 'sigil', version: '0.1.0' } as const;

/**
 * The document time: an explicit date, else SOURCE_DATE_EPOCH (reproducible-builds.org: a
 * decimal count of seconds since the epoch), else now. Truncated to whole seconds.
 */
export function creationTime(options: FormatOptions): Date {
  if (options.created) return new Date(Math.floor(options.created.getTime() / 1000) * 1000);
  const epoch = (options.env ?? process.env).SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d{1,12}$/.test(epoch)) {
      throw new SbomError(
        'SOURCE_DATE_EPOCH_INVALID',
        `SOURCE_DATE_EPOCH must be whole seconds, got ${JSON.stringify(epoch)}`,
      );
    }
    return new Date(Number(epoch) * 1000);
  }
  return new Date(Math.floor((options.clock ?? systemClock).now().getTime() / 1000) * 1000);
}

/** ISO 8601 in UTC without fractions: `2024-01-02T03:04:05Z`. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A UUID (RFC 9562 layout, version 5-style bits) derived from the content, so equal input gives equal ids. */
export function contentUuid(...parts: readonly string[]): string {
  const h = createHash('sha256').update(parts.join('\0')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** Short stable id of a package occurrence (purl + where it was found). */
export function packageKey(p: Package): string {
  return createHash('sha256')
    .update(`${p.purl}\0${p.locations.map((l) => l.path).join('\0')}`)
    .digest('hex')
    .slice(0, 16);
}

/** Fingerprint of a document's content, excluding its own time and ids. */
export function contentFingerprint(input: SbomDocumentInput): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        input.subject,
        input.os?.id,
        input.os?.versionId,
        input.packages.map(packageKey),
      ]),
    )
    .digest('hex');
}
