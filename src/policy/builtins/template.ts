/**
 * strings.render_template: the part of Go's text/template that policies use — fields
 * (`.a.b`), variables (`$x`), literals, `if`/`else if`/`else`, `range` (with `$i, $v :=`),
 * `with`, comments and `{{-`/`-}}` trimming. Functions and pipelines (`|`) are rejected.
 * Output and nesting are bounded: templates come from policies and data from requests.
 */
import {
  RObject,
  RSet,
  isNumber,
  numToString,
  sortEntries,
  sortValues,
  type Value,
} from '../value.ts';
import { builtinError } from './args.ts';

const NAME = 'strings.render_template';
const MAX_OUTPUT = 1 << 20;
const MAX_DEPTH = 64;

type Operand = { kind: 'path'; root: string; fields: string[] } | { kind: 'lit'; value: Value };
type Node =
  | { kind: 'text'; text: string }
  | { kind: 'out'; op: Operand }
  | { kind: 'if' | 'with'; op: Operand; then: Node[]; else: Node[] }
  | { kind: 'range'; op: Operand; key?: string; val?: string; body: Node[]; else: Node[] };

// Splits the template into text and action tokens, applying the trim markers.
function tokenize(src: string): { text?: string; action?: string }[] {
  const out: { text?: string; action?: string }[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    const close = src.indexOf('}}', open + 2);
    if (close < 0) throw builtinError(NAME, 'template: unclosed action');
    let action = src.slice(open + 2, close);
    if (/^- /.test(action)) {
      text = text.trimEnd();
      action = action.slice(2);
    }
    let next = close + 2;
    if (/ -$/.test(action)) {
      action = action.slice(0, -2);
      while (next < src.length && /\s/.test(src[next]!)) next++;
    }
    out.push({ text }, { action: action.trim() });
    i = next;
  }
  return out;
}

function operand(s: string): Operand {
  if (/^"(?:[^"\\]|\\.)*"$/.test(s)) return { kind: 'lit', value: JSON.parse(s) as string };
  if (/^-?\d+(\.\d+)?$/.test(s)) return { kind: 'lit', value: Number(s) };
  if (s === 'true' || s === 'false') return { kind: 'lit', value: s === 'true' };
  if (s === 'nil') return { kind: 'lit', value: null };
  const m = /^(\$\w*|)((?:\.\w+)*|\.)$/.exec(s);
  if (!m) throw builtinError(NAME, `template: unsupported action ${JSON.stringify(s)}`);
  const fields = m[2] === '.' ? [] : m[2]!.split('.').slice(1);
  return { kind: 'path', root: m[1] || '.', fields };
}

// Parses tokens from `pos` up to `{{end}}`/`{{else}}`; returns the nodes and what stopped it.
function parse(
  toks: { text?: string; action?: string }[],
  pos: { i: number },
  depth: number,
): { nodes: Node[]; stop: string } {
  if (depth > MAX_DEPTH) throw builtinError(NAME, 'template: nested too deeply');
  const nodes: Node[] = [];
  while (pos.i < toks.length) {
    const t = toks[pos.i++]!;
    if (t.text !== undefined) {
      if (t.text !== '') nodes.push({ kind: 'text', text: t.text });
      continue;
    }
    const a = t.action!;
    if (a.startsWith('/*')) continue;
    if (a === 'end' || a === 'else' || a.startsWith('else ')) return { nodes, stop: a };
    const m = /^(if|with|range)\s+(.*)$/.exec(a);
    if (!m) {
      nodes.push({ kind: 'out', op: operand(a) });
      continue;
    }
    nodes.push(block(m[1] as 'if' | 'with' | 'range', m[2]!.trim(), toks, pos, depth));
  }
  return { nodes, stop: '' };
}

function block(
  kind: 'if' | 'with' | 'range',
  arg: string,
  toks: { text?: string; action?: string }[],
  pos: { i: number },
  depth: number,
): Node {
  let key: string | undefined;
  let val: string | undefined;
  const decl = /^(\$\w+)(?:\s*,\s*(\$\w+))?\s*:=\s*(.*)$/.exec(arg);
  if (decl && kind === 'range') {
    [key, val] = decl[2] ? [decl[1], decl[2]] : [undefined, decl[1]];
    arg = decl[3]!;
  }
  const op = operand(arg);
  const body = parse(toks, pos, depth + 1);
  let elseNodes: Node[] = [];
  if (body.stop === 'else') {
    const rest = parse(toks, pos, depth + 1);
    if (rest.stop !== 'end') throw builtinError(NAME, 'template: missing {{end}}');
    elseNodes = rest.nodes;
  } else if (body.stop.startsWith('else ')) {
    // `{{else if x}}` is an `if` nested in the else branch, closed by the same `{{end}}`.
    const inner = /^else\s+(if|with)\s+(.*)$/.exec(body.stop);
    if (!inner) throw builtinError(NAME, `template: unexpected {{${body.stop}}}`);
    elseNodes = [block(inner[1] as 'if' | 'with', inner[2]!.trim(), toks, pos, depth + 1)];
  } else if (body.stop !== 'end') throw builtinError(NAME, 'template: missing {{end}}');
  if (kind === 'range') return { kind, op, key, val, body: body.nodes, else: elseNodes };
  return { kind, op, then: body.nodes, else: elseNodes };
}

const MISSING = Symbol('missing');
type Scope = { dot: Value; vars: Map<string, Value> };

function resolve(op: Operand, sc: Scope): Value | typeof MISSING {
  if (op.kind === 'lit') return op.value;
  let v: Value | undefined = op.root === '.' ? sc.dot : sc.vars.get(op.root);
  if (v === undefined) throw builtinError(NAME, `template: undefined variable ${op.root}`);
  for (const f of op.fields) {
    if (!(v instanceof RObject)) return MISSING;
    v = v.get(f);
    if (v === undefined) return MISSING;
  }
  return v;
}

function truth(v: Value | typeof MISSING): boolean {
  if (v === MISSING || v === null || v === false || v === '' || v === 0 || v === 0n) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof RObject || v instanceof RSet) return v.size > 0;
  return true;
}

// Go's %v of the JSON-decoded value.
function show(v: Value): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (isNumber(v)) return numToString(v);
  if (Array.isArray(v)) return `[${v.map(show).join(' ')}]`;
  if (v instanceof RSet) return `[${sortValues(v.values()).map(show).join(' ')}]`;
  return `map[${sortEntries(v.entries())
    .map(([k, x]) => `${show(k)}:${show(x)}`)
    .join(' ')}]`;
}

function render(nodes: readonly Node[], sc: Scope, out: string[], size: { n: number }): void {
  const emit = (s: string) => {
    size.n += s.length;
    if (size.n > MAX_OUTPUT) throw builtinError(NAME, 'template: output too large');
    out.push(s);
  };
  for (const n of nodes) {
    if (n.kind === 'text') emit(n.text);
    else if (n.kind === 'out') {
      const v = resolve(n.op, sc);
      emit(v === MISSING ? '<undefined>' : show(v));
    } else if (n.kind === 'range') renderRange(n, sc, out, size);
    else {
      const v = resolve(n.op, sc);
      const scope = n.kind === 'with' && v !== MISSING ? { ...sc, dot: v } : sc;
      render(truth(v) ? n.then : n.else, scope, out, size);
    }
  }
}

function renderRange(
  n: Extract<Node, { kind: 'range' }>,
  sc: Scope,
  out: string[],
  size: { n: number },
): void {
  const v = resolve(n.op, sc);
  let items: [Value, Value][] = [];
  if (Array.isArray(v)) items = v.map((x, i) => [BigInt(i), x]);
  else if (v instanceof RSet) items = sortValues(v.values()).map((x, i) => [BigInt(i), x]);
  else if (v instanceof RObject) items = sortEntries(v.entries());
  else if (truth(v))
    throw builtinError(NAME, `template: range can't iterate over ${show(v as Value)}`);
  if (items.length === 0) return render(n.else, sc, out, size);
  for (const [k, x] of items) {
    const vars = new Map(sc.vars);
    if (n.key) vars.set(n.key, k);
    if (n.val) vars.set(n.val, x);
    render(n.body, { dot: x, vars }, out, size);
  }
}

/** Renders Go template `src` with `vars` as its data (`.`). */
export function renderTemplate(src: string, vars: Value): string {
  const toks = tokenize(src);
  const { nodes, stop } = parse(toks, { i: 0 }, 0);
  if (stop !== '') throw builtinError(NAME, `template: unexpected {{${stop}}}`);
  const out: string[] = [];
  render(nodes, { dot: vars, vars: new Map([['$', vars]]) }, out, { n: 0 });
  return out.join('');
}
