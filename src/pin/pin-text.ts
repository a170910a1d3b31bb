import { errorMessage, type EventSink } from '../core/index.ts';
import { isDigest } from '../oci/index.ts';
import { locateImages } from './find.ts';
import { PIN_LIMITS } from './limits.ts';
import { formatReference, normalizeRepository } from './reference.ts';
import { applyEdits } from './splice.ts';
import type {
  FileKind,
  LocatedImage,
  PinChange,
  PinResult,
  PinWarning,
  ResolveDigest,
  TextEdit,
} from './types.ts';

export interface PinOptions {
  /** Re-point `name:tag@digest` references whose tag now resolves elsewhere (default: only report DRIFT). */
  readonly updateDrift?: boolean;
  /** Shared between calls so one run resolves each tag once. */
  readonly cache?: Map<string, Promise<string>>;
  /** Progress of resolution (`task: 'pin'`, one step per reference). */
  readonly events?: EventSink;
}

type Outcome =
  | { readonly kind: 'edit'; readonly edits: TextEdit[]; readonly change: PinChange }
  | { readonly kind: 'warn'; readonly warning: PinWarning }
  | { readonly kind: 'none' };

/**
 * Pin every image reference in `text` to the digest its tag resolves to now, as
 * `name:tag@digest`, changing nothing but those values. Idempotent: a pinned reference whose
 * tag still resolves to its digest is left alone; one whose tag moved is reported as DRIFT
 * (and re-pointed only with `updateDrift`). Failures to resolve are warnings, not errors.
 *
 * @example
 *   const { text: pinned } = await pinText(yaml, 'kubernetes', (ref) => registry.resolve(ref));
 */
export async function pinText(
  text: string,
  kind: FileKind,
  resolve: ResolveDigest,
  options: PinOptions = {},
): Promise<PinResult> {
  const sites = locateImages(text, kind);
  const cache = options.cache ?? new Map<string, Promise<string>>();
  const cachedResolve = (ref: string): Promise<string> => {
    let p = cache.get(ref);
    if (!p) {
      p = resolve(ref);
      cache.set(ref, p);
    }
    return p;
  };
  let done = 0;
  const outcomes = await mapLimited(sites, PIN_LIMITS.resolveConcurrency, async (site) => {
    const outcome = await pinSite(site, cachedResolve, options.updateDrift === true);
    const total = sites.length;
    options.events?.({ kind: 'progress', task: 'pin', id: site.reference, done: ++done, total });
    return outcome;
  });
  return finish(text, sites, outcomes);
}

async function pinSite(
  site: LocatedImage,
  resolve: ResolveDigest,
  updateDrift: boolean,
): Promise<Outcome> {
  const warn = (code: PinWarning['code'], message: string, current?: string): Outcome => ({
    kind: 'warn',
    warning: {
      code,
      message,
      line: site.line,
      column: site.column,
      reference: site.reference,
      ...(current && { current }),
    },
  });
  const split = site.split;
  if (site.state === 'skipped' || !split)
    return warn('SKIPPED', site.note ?? 'not rewritable in place');
  if (site.state === 'digest-only') return { kind: 'none' };
  const tag = split.tag ?? 'latest';
  const tagged = formatReference({ name: split.name, tag });
  let digest: string;
  try {
    digest = await resolve(tagged);
  } catch (err) {
    return warn('UNRESOLVED', `cannot resolve ${tagged}: ${errorMessage(err)}`);
  }
  if (!isDigest(digest))
    return warn('UNRESOLVED', `resolver returned no valid digest for ${tagged}`);
  const to = formatReference({ name: split.name, tag, digest });
  if (split.digest === digest) return { kind: 'none' };
  if (split.digest !== undefined && !updateDrift) {
    return warn(
      'DRIFT',
      `${tagged} now resolves to ${digest}, not the pinned ${split.digest}`,
      digest,
    );
  }
  const change: PinChange = {
    line: site.line,
    column: site.column,
    from: site.reference,
    to,
    kind: split.digest === undefined ? 'pinned' : 'drift-updated',
  };
  return { kind: 'edit', edits: site.edit({ tag, digest }), change };
}

function finish(
  text: string,
  sites: readonly LocatedImage[],
  outcomes: readonly Outcome[],
): PinResult {
  const changes: PinChange[] = [];
  const warnings: PinWarning[] = [];
  const edits: TextEdit[] = [];
  for (const o of outcomes) {
    if (o.kind === 'warn') warnings.push(o.warning);
    if (o.kind === 'edit') {
      changes.push(o.change);
      edits.push(...o.edits);
    }
  }
  const applied = applyEdits(text, edits);
  for (const edit of applied.rejected) {
    const site = sites.find((s) => s.range[0] <= edit.start && edit.start <= s.range[1]);
    warnings.push({
      code: 'CONFLICTING_EDIT',
      message: 'two references share this text and need different values; left unchanged',
      line: site?.line ?? 0,
      column: site?.column ?? 0,
      reference: site?.reference ?? '',
    });
  }
  return { text: applied.text, changes, warnings };
}

/**
 * Point every reference to `repository` (any spelling: `nginx` = `docker.io/library/nginx`)
 * at `target`; the ledger's rollback uses it. No resolution happens.
 */
export function rewriteRepository(
  text: string,
  kind: FileKind,
  target: { readonly repository: string; readonly tag?: string; readonly digest: string },
): PinResult {
  const wanted = normalizeRepository(target.repository);
  const sites = locateImages(text, kind).filter(
    (s) =>
      s.split !== undefined &&
      s.state !== 'skipped' &&
      normalizeRepository(s.split.name) === wanted,
  );
  const outcomes = sites.map((site): Outcome => {
    const split = site.split ?? { name: target.repository };
    const tag = target.tag ?? split.tag;
    if (split.digest === target.digest && tag === split.tag) return { kind: 'none' };
    const to = formatReference({ name: split.name, tag, digest: target.digest });
    const change: PinChange = {
      line: site.line,
      column: site.column,
      from: site.reference,
      to,
      kind: 'rewritten',
    };
    const edits = site.edit({ ...(tag !== undefined && { tag }), digest: target.digest });
    return { kind: 'edit', edits, change };
  });
  return finish(text, sites, outcomes);
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
