import { errorMessage } from '../core/index.ts';
import { isDigest } from '../oci/index.ts';
import type { Ledger } from './ledger.ts';
import type { MovedTag, TrackedTag } from './types.ts';

export interface TagCheck {
  /** Tags that resolve to another digest than the one last promoted. */
  readonly moved: MovedTag[];
  /** Tags that could not be resolved (not fatal: the others are still checked). */
  readonly failures: { readonly tag: TrackedTag; readonly message: string }[];
}

/**
 * Re-resolve every tag the ledger tracks and report those that moved since their last
 * promotion: a moved tag means what a `name:tag` deploys today was never promoted.
 */
export async function findMovedTags(
  ledger: Ledger,
  resolve: (reference: string) => Promise<string>,
  options: { readonly concurrency?: number } = {},
): Promise<TagCheck> {
  const tags = ledger.trackedTags();
  const moved: MovedTag[] = [];
  const failures: TagCheck['failures'] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tags.length) {
      const tag = tags[next++] as TrackedTag;
      try {
        const current = await resolve(`${tag.repository}:${tag.tag}`);
        if (!isDigest(current))
          failures.push({ tag, message: 'resolver returned no valid digest' });
        else if (current !== tag.digest) moved.push({ ...tag, current });
      } catch (err) {
        failures.push({ tag, message: errorMessage(err) });
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 4, tags.length) }, worker),
  );
  const order = (t: TrackedTag): string => `${t.repository}:${t.tag}`;
  moved.sort((a, b) => order(a).localeCompare(order(b)));
  failures.sort((a, b) => order(a.tag).localeCompare(order(b.tag)));
  return { moved, failures };
}
