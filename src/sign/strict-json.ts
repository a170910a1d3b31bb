import { SignError, type SignErrorCode } from './errors.ts';

export interface StrictJsonOptions {
  readonly maxBytes: number;
  /** Deepest nesting of objects/arrays accepted. */
  readonly maxDepth?: number;
  /** Code thrown on any failure; the caller names what was being parsed. */
  readonly code: SignErrorCode;
  readonly what: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Parse JSON the way containers/image's `ParanoidUnmarshalJSONObject` reads signatures: bounded
 * in size and depth, valid UTF-8 only, and an object with a key twice is refused, since two
 * parsers could otherwise disagree about which value was signed.
 */
export function parseStrictJson(input: Uint8Array | string, opts: StrictJsonOptions): unknown {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > opts.maxBytes) {
    throw new SignError('PAYLOAD_TOO_LARGE', `${opts.what}: ${size} bytes, limit ${opts.maxBytes}`);
  }
  let text: string;
  try {
    text = typeof input === 'string' ? input : decoder.decode(input);
  } catch (cause) {
    throw new SignError(opts.code, `${opts.what}: not valid UTF-8`, { cause });
  }
  const parser = new Parser(text, opts.maxDepth ?? 32, opts);
  return parser.document();
}

// Sticky, so each token is matched in place without slicing the input.
const LITERAL_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
// A JSON string literal: no raw control characters; escapes are checked by JSON.parse.
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const STRING_RE = /"(?:[^"\\\u0000-\u001f]|\\.)*"/y;

class Parser {
  readonly #s: string;
  readonly #maxDepth: number;
  readonly #opts: StrictJsonOptions;
  #i = 0;

  constructor(s: string, maxDepth: number, opts: StrictJsonOptions) {
    this.#s = s;
    this.#maxDepth = maxDepth;
    this.#opts = opts;
  }

  document(): unknown {
    const v = this.#value(0);
    this.#ws();
    if (this.#i !== this.#s.length) this.#fail('trailing data');
    return v;
  }

  #fail(why: string): never {
    throw new SignError(this.#opts.code, `${this.#opts.what}: ${why} at offset ${this.#i}`);
  }

  #ws(): void {
    while (/[ \t\n\r]/.test(this.#s[this.#i] ?? '')) this.#i++;
  }

  #value(depth: number): unknown {
    this.#ws();
    const c = this.#s[this.#i];
    if (c === '{') return this.#object(depth + 1);
    if (c === '[') return this.#array(depth + 1);
    if (c === '"') return this.#string();
    LITERAL_RE.lastIndex = this.#i;
    const m = LITERAL_RE.exec(this.#s);
    if (!m) this.#fail('unexpected token');
    this.#i += m[0].length;
    return JSON.parse(m[0]) as unknown;
  }

  #string(): string {
    STRING_RE.lastIndex = this.#i;
    const m = STRING_RE.exec(this.#s);
    if (!m) this.#fail('bad string');
    this.#i += m[0].length;
    try {
      return JSON.parse(m[0]) as string;
    } catch {
      return this.#fail('bad string escape');
    }
  }

  #object(depth: number): Record<string, unknown> {
    if (depth > this.#maxDepth) this.#fail('nested too deeply');
    this.#i++;
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.#ws();
    if (this.#s[this.#i] === '}') {
      this.#i++;
      return out;
    }
    for (;;) {
      this.#ws();
      if (this.#s[this.#i] !== '"') this.#fail('expected key');
      const key = this.#string();
      if (seen.has(key)) this.#fail(`duplicate key ${JSON.stringify(key.slice(0, 64))}`);
      seen.add(key);
      this.#ws();
      if (this.#s[this.#i] !== ':') this.#fail('expected ":"');
      this.#i++;
      Object.defineProperty(out, key, {
        value: this.#value(depth),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.#ws();
      const c = this.#s[this.#i++];
      if (c === '}') return out;
      if (c !== ',') this.#fail('expected "," or "}"');
    }
  }

  #array(depth: number): unknown[] {
    if (depth > this.#maxDepth) this.#fail('nested too deeply');
    this.#i++;
    const out: unknown[] = [];
    this.#ws();
    if (this.#s[this.#i] === ']') {
      this.#i++;
      return out;
    }
    for (;;) {
      out.push(this.#value(depth));
      this.#ws();
      const c = this.#s[this.#i++];
      if (c === ']') return out;
      if (c !== ',') this.#fail('expected "," or "]"');
    }
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Serialize like Go's `encoding/json.Marshal`: no spaces, and `<`, `>`, `&`, U+2028, U+2029
 * escaped, so bytes we sign match what cosign would have signed for the same content.
 * Key order is the caller's (Go sorts map keys; struct fields keep declaration order).
 */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** Go's map ordering: keys sorted bytewise. */
export function sortedKeys<T>(obj: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(obj).sort(compareBytes)) {
    Object.defineProperty(out, k, { value: obj[k], enumerable: true, writable: true });
  }
  return out;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
