import type { Writable } from 'node:stream';
import type { SigilEvent, EventSink } from '../core/index.ts';

/**
 * Renders library events for a terminal: warnings as `sigil: warning: CODE: …` lines, and
 * progress as one line per task redrawn in place (only when `tty`; otherwise progress is
 * dropped so logs stay clean).
 */
export function renderEvents(
  stderr: Writable,
  opts: { tty: boolean; quiet: boolean },
): {
  sink: EventSink;
  finish(): void;
} {
  const items = new Map<string, { done: number; total: number | undefined }>();
  let lastDraw = 0;
  let drawn = false;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    let done = 0;
    let total = 0;
    let complete = 0;
    for (const item of items.values()) {
      done += item.done;
      total += item.total ?? item.done;
      if (item.total !== undefined && item.done >= item.total) complete++;
    }
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    stderr.write(
      `\r[${bar}] ${pct}% ${mib(done)}/${mib(total)} MiB, blobs ${complete}/${items.size}`,
    );
    drawn = true;
  };
  const sink = (e: SigilEvent) => {
    if (e.kind === 'warning') {
      if (drawn) stderr.write('\n');
      drawn = false;
      stderr.write(`sigil: warning: ${e.code}: ${e.message}\n`);
    } else if (e.kind === 'progress' && opts.tty && !opts.quiet) {
      items.set(`${e.task}:${e.id}`, { done: e.done, total: e.total });
      draw(false);
    }
  };
  return {
    sink,
    finish() {
      if (items.size > 0 && opts.tty && !opts.quiet) {
        draw(true);
        stderr.write('\n');
      }
    },
  };
}

function mib(n: number): string {
  return (n / (1024 * 1024)).toFixed(1);
}
