import { PinError } from './errors.ts';
import { PIN_LIMITS } from './limits.ts';
import { LineIndex } from './positions.ts';
import { formatReference } from './reference.ts';
import type { LocatedImage } from './types.ts';
import { skipped, stateOf, trySplit } from './yaml-nodes.ts';

/** One logical instruction as the source lines (after continuation) that make it up. */
interface Instruction {
  readonly segments: readonly { readonly start: number; readonly text: string }[];
}

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** False when the token spans a line continuation: we will not rewrite across it. */
  readonly contiguous: boolean;
}

/**
 * Base images on `FROM` lines (Dockerfile reference, "FROM"):
 * `FROM [--platform=<p>] <image> [AS <name>]`, and images copied from with
 * `COPY --from=<image>`. `scratch`, earlier stage names and stage indexes are not images;
 * `$ARG` substitutions cannot be pinned in place and are skipped with a note.
 * Honours the `escape` parser directive, line continuations, comments and heredocs.
 */
export function locateDockerfile(text: string): LocatedImage[] {
  if (text.length > PIN_LIMITS.textBytes) {
    throw new PinError('PIN_INPUT_TOO_LARGE', `input exceeds ${PIN_LIMITS.textBytes} bytes`);
  }
  const lines = new LineIndex(text);
  const stages = new Set<string>();
  const found: LocatedImage[] = [];
  for (const ins of instructions(text)) {
    const word = /^\s*(\w+)/.exec(ins.segments[0]?.text ?? '')?.[1]?.toUpperCase();
    if (word !== 'FROM' && word !== 'COPY') continue;
    const tokens = tokenize(ins);
    const site = word === 'FROM' ? fromImage(tokens, stages) : copyFromImage(tokens, stages);
    const located = site && locateImage(site, lines);
    if (located) found.push(located);
  }
  return found;
}

// FROM's image token, unless it names an earlier stage; records the stage name it defines.
function fromImage(tokens: readonly Token[], stages: Set<string>): Token | undefined {
  const firstArg = tokens.findIndex((t, i) => i > 0 && !t.text.startsWith('--'));
  const args = firstArg < 0 ? [] : tokens.slice(firstArg);
  const image = args[0];
  const isStage = image !== undefined && stages.has(image.text.toLowerCase());
  if (args[1]?.text.toUpperCase() === 'AS' && args[2]) stages.add(args[2].text.toLowerCase());
  return isStage ? undefined : image;
}

// The value of COPY's --from= flag, as a token of its own.
function copyFromImage(tokens: readonly Token[], stages: Set<string>): Token | undefined {
  const flag = tokens.find((t) => /^--from=/i.test(t.text));
  if (!flag) return undefined;
  const skip = '--from='.length;
  const value = flag.text.slice(skip);
  if (/^\d+$/.test(value) || stages.has(value.toLowerCase())) return undefined;
  return { text: value, start: flag.start + skip, end: flag.end, contiguous: flag.contiguous };
}

function locateImage(image: Token, lines: LineIndex): LocatedImage | undefined {
  const value = image.text;
  if (value === '' || value.toLowerCase() === 'scratch') return undefined;
  const { line, column } = lines.at(image.start);
  const base = { reference: value, line, column, range: [image.start, image.end] as const };
  if (value.includes('$')) return skipped(base, 'set by a build ARG; pin the ARG default instead');
  if (!image.contiguous) return skipped(base, 'split across a line continuation');
  const split = trySplit(value);
  if (typeof split === 'string') return skipped(base, split);
  return {
    ...base,
    state: stateOf(split),
    split,
    edit: (target) => [
      {
        start: image.start,
        end: image.end,
        text: formatReference({
          name: split.name,
          tag: target.tag ?? split.tag ?? 'latest',
          digest: target.digest,
        }),
      },
    ],
  };
}

function* instructions(text: string): Generator<Instruction> {
  let escape = '\\';
  let offset = 0;
  let directives = true;
  let heredoc: string[] = [];
  let segments: { start: number; text: string }[] = [];
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (heredoc.length > 0) {
      if (line.replace(/^\t+/, '') === heredoc[0]) heredoc.shift();
      continue;
    }
    const directive = directives ? /^#\s*escape\s*=\s*([\\`])\s*$/i.exec(line) : null;
    if (directive) escape = directive[1] ?? escape;
    if (directives && !/^#\s*\w+\s*=/.test(line)) directives = false;
    // Comment and blank lines are dropped, also inside a continued instruction.
    if (/^\s*#/.test(line) || line.trim() === '') continue;
    const body = line.trimEnd();
    const continued = body.endsWith(escape);
    segments.push({ start: lineStart, text: continued ? body.slice(0, -1) : line });
    if (continued) continue;
    const joined = segments.map((s) => s.text).join(' ');
    heredoc = [...joined.matchAll(/<<-?\s*["']?(\w+)["']?/g)].map((m) => m[1] ?? '');
    yield { segments };
    segments = [];
  }
  if (segments.length > 0) yield { segments };
}

// Tokens never span segments: a token split by a continuation comes out as two tokens, and
// the first is marked not contiguous, so it is reported rather than rewritten.
function tokenize(ins: Instruction): Token[] {
  const tokens: Token[] = [];
  ins.segments.forEach((seg, i) => {
    const next = ins.segments[i + 1];
    for (const m of seg.text.matchAll(/\S+/g)) {
      const atEnd = m.index + m[0].length === seg.text.length;
      const joins = atEnd && next !== undefined && /^\S/.test(next.text);
      tokens.push({
        text: m[0],
        start: seg.start + m.index,
        end: seg.start + m.index + m[0].length,
        contiguous: !joins,
      });
    }
  });
  return tokens;
}
