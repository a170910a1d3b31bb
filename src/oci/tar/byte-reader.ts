/**
 * Pulls bytes from an async iterable of chunks on demand, holding at most one chunk beyond
 * what was asked: the tar reader's memory does not grow with entry size. Calls are
 * serialized, so a body stream and the entry iterator never read concurrently.
 */
export class ByteReader {
  readonly #source: AsyncIterator<Buffer | Uint8Array | string>;
  #pending: Buffer = Buffer.alloc(0);
  #ended = false;
  #queue: Promise<unknown> = Promise.resolve();
  /** Bytes handed out so far: the offset of the next byte in the stream. */
  position = 0;

  constructor(source: AsyncIterable<Buffer | Uint8Array | string>) {
    this.#source = source[Symbol.asyncIterator]();
  }

  /** Exactly `n` bytes, or fewer only when the input ended. */
  readExact(n: number): Promise<Buffer> {
    return this.#serial(async () => {
      const parts: Buffer[] = [];
      let got = 0;
      while (got < n) {
        const chunk = await this.#take(n - got);
        if (chunk === null) break;
        parts.push(chunk);
        got += chunk.length;
      }
      return parts.length === 1 ? parts[0]! : Buffer.concat(parts, got);
    });
  }

  /** Between 1 and `max` bytes, or null at the end of input. */
  readUpTo(max: number): Promise<Buffer | null> {
    return this.#serial(() => this.#take(max));
  }

  /** Discard `n` bytes; returns how many were there. */
  skip(n: number): Promise<number> {
    return this.#serial(async () => {
      let left = n;
      while (left > 0) {
        const chunk = await this.#take(Math.min(left, 1 << 20));
        if (chunk === null) break;
        left -= chunk.length;
      }
      return n - left;
    });
  }

  /** Stop pulling from the source (lets a file stream close early). */
  async close(): Promise<void> {
    await this.#source.return?.();
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #take(max: number): Promise<Buffer | null> {
    while (this.#pending.length === 0) {
      if (this.#ended) return null;
      const next = await this.#source.next();
      if (next.done === true) {
        this.#ended = true;
        return null;
      }
      const v = next.value;
      this.#pending =
        typeof v === 'string' ? Buffer.from(v) : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }
    const out = this.#pending.subarray(0, max);
    this.#pending = this.#pending.subarray(out.length);
    this.position += out.length;
    return out;
  }
}
