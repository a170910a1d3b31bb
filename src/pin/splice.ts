import type { TextEdit } from './types.ts';

/**
 * Apply non-overlapping edits to `text`; identical duplicates count once. Returns the edits
 * that overlapped an earlier one instead of applying them.
 */
export function applyEdits(
  text: string,
  edits: readonly TextEdit[],
): { text: string; rejected: TextEdit[] } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: TextEdit[] = [];
  const rejected: TextEdit[] = [];
  for (const edit of sorted) {
    const prev = kept.at(-1);
    if (prev && prev.start === edit.start && prev.end === edit.end && prev.text === edit.text)
      continue;
    if (prev && edit.start < prev.end) rejected.push(edit);
    else if (prev && edit.start === prev.end && edit.start === edit.end && prev.start === prev.end)
      rejected.push(edit);
    else kept.push(edit);
  }
  let out = '';
  let at = 0;
  for (const edit of kept) {
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return { text: out + text.slice(at), rejected };
}
