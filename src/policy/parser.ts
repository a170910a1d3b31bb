/**
 * Recursive-descent parser for Rego v1 (and v0 with `v0Compatible`, where `if`, `contains`,
 * `in` and `every` are keywords only after `import rego.v1` or `import future.keywords`).
 * Operator precedence follows OPA: `in` < relations < `|` < `&` < `+ -` < `* / %`.
 */
import type { Body, Expr, Import, Module, Rule, Term, With } from './ast.ts';
import { RegoError, type Location } from './errors.ts';
import { tokenize, type TemplatePart, type Token } from './lexer.ts';
import { numFromString } from './value.ts';

const FUTURE = ['if', 'contains', 'in', 'every'];
const MAX_DEPTH = 500;

const REL: Record<string, string> = {
  '==': 'equal',
  '!=': 'neq',
  '<': 'lt',
  '<=': 'lte',
  '>': 'gt',
  '>=': 'gte',
};
const ARITH: Record<string, string> = { '+': 'plus', '-': 'minus' };
const FACTOR: Record<string, string> = { '*': 'mul', '/': 'div', '%': 'rem' };

export interface ParseOptions {
  readonly v0?: boolean;
}

let wildcardCounter = 0;

class Parser {
  private readonly toks: Token[];
  private pos = 0;
  private ignoreNl = false;
  private depth = 0;
  readonly kw: Set<string>;
  readonly file: string;
  readonly v0: boolean;
  regoV1 = false;

  constructor(src: string, file: string, opts: ParseOptions) {
    this.toks = tokenize(src, file);
    this.file = file;
    this.v0 = opts.v0 === true;
    this.kw = new Set(this.v0 ? [] : FUTURE);
  }

  loc(t: Token = this.peek()): Location {
    return { file: this.file, row: t.row, col: t.col };
  }

  err(msg: string, t: Token = this.peek()): never {
    throw new RegoError('rego_parse_error', msg, this.loc(t));
  }

  peek(off = 0): Token {
    let i = this.pos;
    let n = off;
    while (true) {
      while (this.ignoreNl && this.toks[i]!.kind === 'nl') i++;
      if (n === 0) return this.toks[i]!;
      i++;
      n--;
    }
  }

  next(): Token {
    while (this.ignoreNl && this.toks[this.pos]!.kind === 'nl') this.pos++;
    const t = this.toks[this.pos]!;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  skipNl(): void {
    while (this.toks[this.pos]!.kind === 'nl') this.pos++;
  }

  isOp(text: string, off = 0): boolean {
    const t = this.peek(off);
    return t.kind === 'op' && t.text === text;
  }

  /**
   * A `.` or `[` glued to a keyword makes it a name (`as.foo := 1`). `off` 1 looks past the
   * next token; `off` 0 looks at the next token (the keyword was already consumed).
   */
  refFollows(off: 0 | 1 = 1): boolean {
    let i = this.pos;
    if (off === 1) {
      while (this.ignoreNl && this.toks[i]!.kind === 'nl') i++;
      i++;
    }
    const n = this.toks[i];
    return !!n && n.kind === 'op' && (n.text === '.' || n.text === '[') && !n.spaceBefore;
  }

  isKw(word: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.text === word && (this.kw.has(word) || !FUTURE.includes(word));
  }

  expectOp(text: string): Token {
    const t = this.next();
    if (t.kind !== 'op' || t.text !== text)
      this.err(`unexpected ${describe(t)} token: expected ${text}`, t);
    return t;
  }

  nl<T>(ignore: boolean, f: () => T): T {
    const saved = this.ignoreNl;
    this.ignoreNl = ignore;
    try {
      return f();
    } finally {
      this.ignoreNl = saved;
    }
  }

  // ---- module ----

  module(): Module {
    this.skipNl();
    const pk = this.next();
    if (pk.kind !== 'ident' || pk.text !== 'package') this.err('package expected', pk);
    const pkgTerm = this.refTerm();
    const pkg = refStrings(pkgTerm, this);
    const imports: Import[] = [];
    const rules: Rule[] = [];
    this.skipNl();
    while (this.peek().kind === 'ident' && this.peek().text === 'import' && !this.refFollows()) {
      imports.push(this.importDecl());
      this.skipNl();
    }
    while (this.peek().kind !== 'eof') {
      rules.push(...this.rule());
      const end = this.toks[this.pos]!;
      if (end.kind !== 'nl' && end.kind !== 'eof')
        this.err(`unexpected ${describe(end)} token: rules end at a newline`, end);
      this.skipNl();
    }
    return { file: this.file, pkg, pkgLoc: this.loc(pk), imports, rules };
  }

  importDecl(): Import {
    const t = this.next();
    const path = this.refTerm();
    const parts = refStrings(path, this);
    if (parts[0] === 'future' && parts[1] === 'keywords') {
      if (parts.length === 2) FUTURE.forEach((k) => this.kw.add(k));
      else if (parts[2] && FUTURE.includes(parts[2])) {
        this.kw.add(parts[2]);
        if (parts[2] === 'every') this.kw.add('in');
      } else if (parts[2] === 'not' || parts[2] === 'and' || parts[2] === 'or')
        this.kw.add(parts[2]);
      else this.err(`unexpected keyword, must be one of [${FUTURE.join(' ')}]`, t);
    } else if (parts[0] === 'rego' && parts[1] === 'v1') {
      FUTURE.forEach((k) => this.kw.add(k));
      this.regoV1 = true;
    } else if (parts[0] !== 'data' && parts[0] !== 'input') {
      this.err(`invalid path ${parts.join('.')}: path must begin with input or data`, t);
    }
    let alias: string | undefined;
    if (this.peek().kind === 'ident' && this.peek().text === 'as') {
      this.next();
      alias = this.next().text;
    }
    return { path, alias, loc: this.loc(t) };
  }

  refTerm(): Term {
    const t = this.next();
    if (t.kind !== 'ident') this.err(`unexpected ${describe(t)} token: expected ref`, t);
    return this.refTail({ t: 'var', name: t.text, loc: this.loc(t) }, false);
  }

  rule(): Rule[] {
    const start = this.peek();
    let isDefault = false;
    if (start.kind === 'ident' && start.text === 'default' && !this.refFollows()) {
      this.next();
      isDefault = true;
    }
    const head = this.refTerm();
    const ref = head.t === 'ref' ? [head.head, ...head.path] : [head];
    let args: Term[] | undefined;
    if (this.isOp('(') && !this.peek().spaceBefore) {
      this.next();
      args = this.nl(true, () => this.termList(')'));
    }
    let kind: Rule['kind'] = args ? 'func' : 'complete';
    let value: Term | undefined;
    if (this.isKw('contains')) {
      this.next();
      kind = 'multi';
      value = this.termIn();
    } else if (this.isOp(':=') || this.isOp('=')) {
      this.next();
      value = this.termIn();
    } else if (this.v0 && !this.regoV1 && !args && ref.length === 2 && !isDefault) {
      kind = 'multi';
      value = ref.pop()!;
    }
    const loc = this.loc(start);
    const val = value ?? { t: 'scalar', v: true, loc };
    const body = this.ruleBody(isDefault);
    const elses: Rule[] = [];
    const rule = (b: Body, v: Term, l: Location, el: Rule[]): Rule => ({
      kind,
      ref,
      args,
      value: v,
      body: b,
      elses: el,
      isDefault,
      loc: l,
      module: this.file,
    });
    while (true) {
      const save = this.pos;
      this.skipNl();
      if (!(this.peek().kind === 'ident' && this.peek().text === 'else') || this.refFollows()) {
        this.pos = save;
        break;
      }
      const et = this.next();
      let ev: Term = { t: 'scalar', v: true, loc: this.loc(et) };
      if (this.isOp(':=') || this.isOp('=')) {
        this.next();
        ev = this.termIn();
      }
      elses.push(rule(this.ruleBody(false), ev, this.loc(et), []));
    }
    const out = [rule(body, val, loc, elses)];
    // v0: `p { a } { b }` defines the same rule twice
    while (this.isOp('{') && !isDefault) out.push(rule(this.braceBody(), val, loc, []));
    return out;
  }

  ruleBody(isDefault: boolean): Body {
    const t = this.peek();
    if (this.isKw('if')) {
      this.next();
      if (this.isOp('{')) {
        // `if {x: 1 | …}` is a comprehension, not a body: try the body first, then the term.
        const save = this.pos;
        try {
          return this.braceBody();
        } catch (err) {
          if (!(err instanceof RegoError)) throw err;
          this.pos = save;
        }
      }
      return [this.literal()];
    }
    if (this.isOp('{') && !isDefault) {
      if (!this.v0 || this.regoV1) this.err('`if` keyword is required before rule body');
      return this.braceBody();
    }
    return [
      {
        kind: 'term',
        negated: false,
        term: { t: 'scalar', v: true, loc: this.loc(t) },
        with: [],
        loc: this.loc(t),
      },
    ];
  }

  braceBody(): Body {
    this.expectOp('{');
    const body = this.nl(false, () => this.bodyUntil('}'));
    this.expectOp('}');
    return body;
  }

  bodyUntil(close: string): Body {
    const out: Expr[] = [];
    while (true) {
      this.skipNl();
      if (this.isOp(close)) break;
      out.push(this.literal());
      const t = this.peek();
      if (t.kind === 'op' && t.text === ';') this.next();
      else if (t.kind === 'nl') this.skipNl();
      else if (!(t.kind === 'op' && t.text === close))
        this.err(`unexpected ${describe(t)} token: expected \\n or ; or ${close}`);
    }
    if (out.length === 0) this.err('found empty body');
    return out;
  }

  literal(): Expr {
    const t = this.peek();
    const loc = this.loc(t);
    if (t.kind === 'ident' && t.text === 'some' && !this.refFollows()) {
      this.next();
      const terms = [this.termRelation()];
      while (this.isOp(',')) {
        this.next();
        terms.push(this.termRelation());
      }
      if (this.isKw('in')) {
        this.next();
        const domain = this.termRelation();
        if (terms.length > 2) this.err('unexpected , in some');
        const [a, b] = terms;
        return {
          kind: 'somein',
          negated: false,
          key: b ? a : undefined,
          value: (b ?? a)!,
          domain,
          with: this.withs(),
          loc,
        };
      }
      for (const v of terms) if (v.t !== 'var') this.err('expected var in some declaration', t);
      return { kind: 'some', negated: false, vars: terms, with: [], loc };
    }
    if (this.kw.has('and') || this.kw.has('or')) return this.logicOr();
    return this.simpleLiteral(t, loc);
  }

  // Experimental `and` / `or` (future.keywords.and/or): `or` binds looser than `and`,
  // `not` tighter than both; operands are literals, `{ body }` blocks or `( … )` groups.
  private logicOr(): Expr {
    let left = this.logicAnd();
    while (this.isKw('or') && !this.refFollows()) {
      const t = this.next();
      const right = this.logicAnd();
      left = { kind: 'logic', op: 'or', negated: false, left, right, with: [], loc: this.loc(t) };
    }
    return left;
  }

  private logicAnd(): Expr {
    let left = this.logicUnit();
    while (this.isKw('and') && !this.refFollows()) {
      const t = this.next();
      const right = this.logicUnit();
      left = { kind: 'logic', op: 'and', negated: false, left, right, with: [], loc: this.loc(t) };
    }
    return left;
  }

  private logicUnit(): Expr {
    const t = this.peek();
    const loc = this.loc(t);
    if (t.kind === 'ident' && t.text === 'not' && !this.refFollows()) {
      this.next();
      const u = this.logicUnit();
      return { ...u, negated: !u.negated } as Expr;
    }
    const save = this.pos;
    if (this.isOp('{')) {
      try {
        const body = this.braceBody();
        return { kind: 'block', negated: false, body, with: this.withs(), loc };
      } catch (err) {
        if (!(err instanceof RegoError)) throw err;
        this.pos = save;
      }
    }
    if (this.isOp('(')) {
      try {
        return this.simpleLiteral(t, loc);
      } catch (err) {
        if (!(err instanceof RegoError)) throw err;
        this.pos = save;
      }
      this.next();
      const inner = this.nl(true, () => {
        const x = this.logicOr();
        const w = this.withs();
        this.expectOp(')');
        return w.length > 0 ? { ...x, with: [...x.with, ...w] } : x;
      });
      const outer = this.withs();
      return outer.length > 0 ? { ...inner, with: [...inner.with, ...outer] } : inner;
    }
    return this.simpleLiteral(t, loc);
  }

  private simpleLiteral(t: Token, loc: Location): Expr {
    let negated = false;
    if (t.kind === 'ident' && t.text === 'not' && !this.refFollows()) {
      this.next();
      negated = true;
    }
    if (negated && this.isOp('{')) {
      const body = this.braceBody();
      return { kind: 'block', negated, body, with: this.withs(), loc };
    }
    if (this.isKw('every') && !this.refFollows()) {
      this.next();
      const first = this.termRelation();
      let key: Term | undefined;
      let value = first;
      if (this.isOp(',')) {
        this.next();
        key = first;
        value = this.termRelation();
      }
      if (!this.isKw('in')) this.err('expected in after every');
      this.next();
      const domain = this.termRelation();
      const body = this.braceBody();
      return { kind: 'every', negated, key, value, domain, body, with: this.withs(), loc };
    }
    const term = this.exprTerm();
    return { kind: 'term', negated, term, with: this.withs(), loc };
  }

  withs(): With[] {
    const out: With[] = [];
    while (true) {
      let i = this.pos;
      while (this.toks[i]!.kind === 'nl') i++;
      const t = this.toks[i]!;
      if (!(t.kind === 'ident' && t.text === 'with') || this.toks[i + 1]?.spaceBefore === false)
        break;
      this.pos = i;
      const w = this.next();
      const target = this.refTerm();
      const as = this.next();
      if (as.kind !== 'ident' || as.text !== 'as') this.err('expected as', as);
      out.push({ target, value: this.termIn(), loc: this.loc(w) });
    }
    return out;
  }

  // ---- expressions ----

  exprTerm(): Term {
    const l = this.termIn(true);
    if (this.isOp(':=') || this.isOp('=')) {
      const op = this.next();
      // `x := k, v in xs` assigns the membership test, as OPA parses it.
      const r = this.termIn(true);
      return { t: 'call', fn: [op.text === ':=' ? 'assign' : 'eq'], args: [l, r], loc: l.loc };
    }
    return l;
  }

  termIn(allowPair = false): Term {
    let l = this.termRelation();
    if (allowPair && this.isOp(',')) {
      const save = this.pos;
      this.next();
      const v = this.termRelation();
      if (this.isKw('in')) {
        this.next();
        const d = this.termRelation();
        l = { t: 'call', fn: ['internal', 'member_3'], args: [l, v, d], loc: l.loc };
      } else this.pos = save;
    }
    while (this.isKw('in')) {
      this.next();
      const r = this.termRelation();
      l = { t: 'call', fn: ['internal', 'member_2'], args: [l, r], loc: l.loc };
    }
    return l;
  }

  termRelation(): Term {
    return this.binary(() => this.termOr(), REL);
  }

  termOr(): Term {
    return this.binary(() => this.termAnd(), { '|': 'or' });
  }

  termAnd(): Term {
    return this.binary(() => this.termArith(), { '&': 'and' });
  }

  termArith(): Term {
    return this.binary(() => this.termFactor(), ARITH);
  }

  termFactor(): Term {
    return this.binary(() => this.unary(), FACTOR);
  }

  binary(sub: () => Term, ops: Record<string, string>): Term {
    let l = sub();
    while (true) {
      const t = this.peek();
      if (t.kind !== 'op' || !(t.text in ops)) return l;
      this.next();
      const r = sub();
      l = { t: 'call', fn: [ops[t.text]!], args: [l, r], loc: l.loc };
    }
  }

  unary(): Term {
    const t = this.peek();
    if (t.kind === 'op' && t.text === '-') {
      this.next();
      const n = this.peek();
      if (n.kind === 'number' && !n.spaceBefore) {
        this.next();
        return this.refTail(
          { t: 'scalar', v: negate(numFromString(n.text)), loc: this.loc(t) },
          true,
        );
      }
      const x = this.unary();
      return {
        t: 'call',
        fn: ['minus'],
        args: [{ t: 'scalar', v: 0n, loc: this.loc(t) }, x],
        loc: this.loc(t),
      };
    }
    return this.primary();
  }

  primary(): Term {
    if (++this.depth > MAX_DEPTH) this.err('nesting too deep');
    try {
      return this.refTail(this.atom(), true);
    } finally {
      this.depth--;
    }
  }

  atom(): Term {
    const t = this.next();
    const loc = this.loc(t);
    switch (t.kind) {
      case 'number':
        return { t: 'scalar', v: numFromString(t.text), loc };
      case 'string':
        return { t: 'scalar', v: t.value, loc };
      case 'template':
        return this.template(t, loc);
      case 'ident':
        if (this.refFollows(0)) return { t: 'var', name: t.text, loc };
        if (t.text === 'true' || t.text === 'false')
          return { t: 'scalar', v: t.text === 'true', loc };
        if (t.text === 'null') return { t: 'scalar', v: null, loc };
        if (t.text === 'set' && this.isOp('(') && this.isOp(')', 1)) {
          this.next();
          this.next();
          return { t: 'set', items: [], loc };
        }
        if (t.text === 'contains' && this.isOp('(') && !this.peek().spaceBefore)
          return { t: 'var', name: t.text, loc };
        if (
          ['some', 'not', 'with', 'as', 'default', 'else', 'package', 'import'].includes(t.text) ||
          this.kw.has(t.text)
        )
          this.err(`unexpected ${t.text} keyword`, t);
        if (t.text === '_') return { t: 'var', name: `$_${wildcardCounter++}`, loc };
        return { t: 'var', name: t.text, loc };
      case 'op':
        if (t.text === '[') return this.nl(true, () => this.arrayOrComp(loc));
        if (t.text === '{') return this.nl(true, () => this.braceTerm(loc));
        if (t.text === '(') {
          const inner = this.nl(true, () => {
            const x = this.exprTerm();
            this.expectOp(')');
            return x;
          });
          return inner;
        }
        break;
      default:
        break;
    }
    return this.err(`unexpected ${describe(t)} token`, t);
  }

  template(t: Token, loc: Location): Term {
    const parts = (JSON.parse(t.value) as TemplatePart[]).map((p): string | Expr => {
      if (typeof p === 'string') return p;
      const sub = new Parser(p.src, this.file, { v0: this.v0 });
      FUTURE.forEach((k) => sub.kw.add(k));
      sub.skipNl();
      const e = sub.nl(true, () => sub.literal());
      sub.skipNl();
      if (sub.peek().kind !== 'eof') sub.err('unexpected token in template expression');
      return e;
    });
    return { t: 'template', parts, loc };
  }

  arrayOrComp(loc: Location): Term {
    if (this.isOp(']')) {
      this.next();
      return { t: 'array', items: [], loc };
    }
    const first = this.termAnd();
    if (this.isOp('|')) {
      this.next();
      const body = this.compBody(']');
      return { t: 'arraycomp', term: first, body, loc };
    }
    const items = [first];
    if (this.isOp(',')) {
      this.next();
      items.push(...this.termList(']'));
    } else this.expectOp(']');
    return { t: 'array', items, loc };
  }

  braceTerm(loc: Location): Term {
    if (this.isOp('}')) {
      this.next();
      return { t: 'object', items: [], loc };
    }
    const first = this.termAnd();
    if (this.isOp(':')) {
      this.next();
      const v = this.termAnd();
      if (this.isOp('|')) {
        this.next();
        return { t: 'objcomp', key: first, value: v, body: this.compBody('}'), loc };
      }
      const items: [Term, Term][] = [[first, v]];
      while (this.isOp(',')) {
        this.next();
        if (this.isOp('}')) break;
        const k = this.termIn();
        this.expectOp(':');
        items.push([k, this.termIn()]);
      }
      this.expectOp('}');
      return { t: 'object', items, loc };
    }
    if (this.isOp('|')) {
      this.next();
      return { t: 'setcomp', term: first, body: this.compBody('}'), loc };
    }
    const items = [first];
    if (this.isOp(',')) {
      this.next();
      items.push(...this.termList('}'));
    } else this.expectOp('}');
    return { t: 'set', items, loc };
  }

  compBody(close: string): Body {
    const body = this.nl(false, () => this.bodyUntil(close));
    this.expectOp(close);
    return body;
  }

  termList(close: string): Term[] {
    const out: Term[] = [];
    while (!this.isOp(close)) {
      out.push(this.termIn());
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expectOp(close);
    return out;
  }

  refTail(head: Term, allowCall: boolean): Term {
    let cur = head;
    const path: Term[] = [];
    const mk = (): Term =>
      path.length === 0 ? head : { t: 'ref', head, path: [...path], loc: head.loc };
    while (true) {
      const t = this.peek();
      if (t.kind !== 'op' || t.spaceBefore) break;
      if (t.text === '.') {
        const id = this.peek(1);
        if (id.kind !== 'ident' || id.spaceBefore)
          this.err(`unexpected ${describe(id)} token: expected ident`, id);
        this.next();
        this.next();
        path.push({ t: 'scalar', v: id.text, loc: this.loc(id) });
      } else if (t.text === '[') {
        this.next();
        path.push(
          this.nl(true, () => {
            const x = this.termIn();
            this.expectOp(']');
            return x;
          }),
        );
      } else if (t.text === '(' && allowCall && (head.t === 'var' || head.t === 'ref')) {
        const name = refNames(mk());
        if (!name) break;
        this.next();
        const args = this.nl(true, () => this.termList(')'));
        cur = { t: 'call', fn: name, args, loc: head.loc };
        return this.refTail(cur, false);
      } else break;
      cur = mk();
    }
    return cur;
  }
}

function negate(n: bigint | number): bigint | number {
  return typeof n === 'bigint' ? -n : -n;
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'eof';
  if (t.kind === 'nl') return 'newline';
  if (t.kind === 'ident') return 'ident';
  if (t.kind === 'number' || t.kind === 'string') return t.kind;
  return t.text;
}

function refNames(t: Term): string[] | undefined {
  if (t.t === 'var') return [t.name];
  if (t.t !== 'ref' || t.head.t !== 'var') return undefined;
  const out = [t.head.name];
  for (const p of t.path) {
    if (p.t !== 'scalar' || typeof p.v !== 'string') return undefined;
    out.push(p.v);
  }
  return out;
}

function refStrings(t: Term, p: Parser): string[] {
  const names = refNames(t);
  if (!names) return p.err('expected a reference of names');
  return names;
}

/** Parse one module. Throws RegoError (rego_parse_error) with OPA's `file:row:` prefix. */
export function parseModule(src: string, file: string, opts: ParseOptions = {}): Module {
  return new Parser(src, file, opts).module();
}

/** Parse a query body (`data.p = x; y > 1`). */
export function parseQuery(src: string, opts: ParseOptions = {}): Body {
  const p = new Parser(src, '', opts);
  FUTURE.forEach((k) => p.kw.add(k));
  const body = p.nl(false, () => {
    const b: Expr[] = [];
    while (true) {
      p.skipNl();
      if (p.peek().kind === 'eof') break;
      b.push(p.literal());
      const t = p.peek();
      if (t.kind === 'op' && t.text === ';') p.next();
      else if (t.kind !== 'nl' && t.kind !== 'eof') p.err(`unexpected ${describe(t)} token`);
    }
    return b;
  });
  if (body.length === 0) p.err('empty query');
  return body;
}

/** Parse a single term (used for `input_term`-style values). */
export function parseTerm(src: string): Term {
  const p = new Parser(src, '', {});
  return p.nl(true, () => p.termIn());
}
