/**
 * Name resolution and local-variable renaming. Rule names and imports become `data…` refs;
 * vars declared with `some`, `:=`, `some … in` and `every` get unique names so that a nested
 * scope can shadow an outer var the way OPA's compiler does (`__local0__`).
 */
import type { Body, Expr, Import, Term, With } from './ast.ts';
import { RegoError } from './errors.ts';
import { allVars, isRoot, isWildcard } from './vars.ts';

class Scope {
  readonly names = new Map<string, string>();
  readonly parent: Scope | undefined;
  /** Query top level: declared vars keep their names so they show up in bindings. */
  readonly keepNames: boolean;
  constructor(parent?: Scope, keepNames = false) {
    this.parent = parent;
    this.keepNames = keepNames;
  }
  lookup(n: string): string | undefined {
    return this.names.get(n) ?? this.parent?.lookup(n);
  }
}

export interface RewriteContext {
  readonly pkg: readonly string[];
  readonly imports: readonly Import[];
  /** First ref segments of every rule in the package, across modules. */
  readonly ruleNames: ReadonlySet<string>;
  readonly errors: RegoError[];
}

let counter = 0;
const fresh = (): string => `__local${counter++}__`;

export class Rewriter {
  private readonly ctx: RewriteContext;
  private readonly aliases = new Map<string, Term>();

  constructor(ctx: RewriteContext) {
    this.ctx = ctx;
    for (const imp of ctx.imports) {
      const p = imp.path;
      if (p.t !== 'ref' && !(p.t === 'var' && isRoot(p.name))) continue;
      const last = p.t === 'ref' ? p.path[p.path.length - 1] : undefined;
      const name =
        imp.alias ??
        (last && last.t === 'scalar' ? String(last.v) : p.t === 'var' ? p.name : undefined);
      if (
        name &&
        !(
          p.t === 'ref' &&
          p.head.t === 'var' &&
          (p.head.name === 'future' || p.head.name === 'rego')
        )
      )
        this.aliases.set(name, p);
    }
  }

  /** Rewrite one rule's pieces; returns rewritten body and a function for its head terms. */
  rule(
    args: readonly Term[] | undefined,
    body: Body,
  ): { body: Body; head: (t: Term) => Term; args: Term[] | undefined } {
    const scope = new Scope();
    const newArgs = args?.map((a) => {
      for (const v of allVars(a)) scope.names.set(v, v);
      return this.term(a, scope);
    });
    const b = this.body(body, scope);
    return { body: b, head: (t) => this.term(t, scope), args: newArgs };
  }

  query(body: Body): Body {
    return this.body(body, new Scope(undefined, true));
  }

  body(body: Body, scope: Scope): Body {
    return body.map((e) => this.expr(e, scope));
  }

  private declareVars(t: Term, scope: Scope, strict: boolean): void {
    for (const v of allVars(t)) {
      if (isWildcard(v)) continue;
      if (strict && scope.names.has(v))
        this.ctx.errors.push(new RegoError('rego_compile_error', `var ${v} assigned above`, t.loc));
      scope.names.set(v, scope.keepNames ? v : fresh());
    }
  }

  private expr(e: Expr, scope: Scope): Expr {
    const withs = e.with.map((w) => this.withClause(w, scope));
    switch (e.kind) {
      case 'some':
        e.vars.forEach((v) => this.declareVars(v, scope, false));
        return { ...e, vars: e.vars.map((v) => this.term(v, scope)), with: withs };
      case 'somein': {
        const domain = this.term(e.domain, scope);
        if (e.key) this.declareVars(e.key, scope, false);
        this.declareVars(e.value, scope, false);
        return {
          ...e,
          domain,
          key: e.key && this.term(e.key, scope),
          value: this.term(e.value, scope),
          with: withs,
        };
      }
      case 'block':
        return { ...e, body: this.body(e.body, new Scope(scope)), with: withs };
      case 'logic':
        return {
          ...e,
          left: this.expr(e.left, new Scope(scope)),
          right: this.expr(e.right, new Scope(scope)),
          with: withs,
        };
      case 'every': {
        const domain = this.term(e.domain, scope);
        const inner = new Scope(scope);
        if (e.key) this.declareVars(e.key, inner, false);
        this.declareVars(e.value, inner, false);
        const key = e.key && this.term(e.key, inner);
        const value = this.term(e.value, inner);
        return { ...e, domain, key, value, body: this.body(e.body, inner), with: withs };
      }
      case 'term': {
        const t = e.term;
        if (t.t === 'call' && t.fn.length === 1 && t.fn[0] === 'assign') {
          const rhs = this.term(t.args[1]!, scope);
          this.declareVars(t.args[0]!, scope, true);
          const lhs = this.term(t.args[0]!, scope);
          return { ...e, term: { ...t, args: [lhs, rhs] }, with: withs };
        }
        return { ...e, term: this.term(t, scope), with: withs };
      }
    }
  }

  private withClause(w: With, scope: Scope): With {
    return { ...w, target: this.term(w.target, new Scope()), value: this.term(w.value, scope) };
  }

  private global(name: string, loc: Term['loc']): Term | undefined {
    const alias = this.aliases.get(name);
    if (alias) return alias;
    if (this.ctx.ruleNames.has(name)) {
      return {
        t: 'ref',
        head: { t: 'var', name: 'data', loc },
        path: [...this.ctx.pkg, name].map((s) => ({ t: 'scalar', v: s, loc }) as Term),
        loc,
      };
    }
    return undefined;
  }

  fnName(fn: readonly string[], scope: Scope): string[] {
    const head = fn[0]!;
    if (scope.lookup(head) !== undefined || isRoot(head)) return [...fn];
    const g = this.global(head, { file: '', row: 0, col: 0 });
    if (!g) return [...fn];
    const base =
      g.t === 'ref'
        ? [
            g.head.t === 'var' ? g.head.name : '',
            ...g.path.map((p) => (p.t === 'scalar' ? String(p.v) : '')),
          ]
        : [head];
    return [...base, ...fn.slice(1)];
  }

  term(t: Term, scope: Scope): Term {
    switch (t.t) {
      case 'scalar':
        return t;
      case 'var': {
        if (isWildcard(t.name) || isRoot(t.name)) return t;
        const local = scope.lookup(t.name);
        if (local !== undefined) return { ...t, name: local };
        return this.global(t.name, t.loc) ?? t;
      }
      case 'ref': {
        const head = this.term(t.head, scope);
        const path = t.path.map((p) => this.term(p, scope));
        if (head.t === 'ref') return { ...t, head: head.head, path: [...head.path, ...path] };
        return { ...t, head, path };
      }
      case 'array':
      case 'set':
        return { ...t, items: t.items.map((x) => this.term(x, scope)) };
      case 'object':
        return {
          ...t,
          items: t.items.map(([k, v]) => [this.term(k, scope), this.term(v, scope)] as const),
        };
      case 'template':
        return {
          ...t,
          parts: t.parts.map((p) => (typeof p === 'string' ? p : this.expr(p, scope))),
        };
      case 'call':
        return { ...t, fn: this.fnName(t.fn, scope), args: t.args.map((x) => this.term(x, scope)) };
      case 'arraycomp':
      case 'setcomp': {
        const inner = new Scope(scope);
        const body = this.body(t.body, inner);
        return { ...t, body, term: this.term(t.term, inner) };
      }
      case 'objcomp': {
        const inner = new Scope(scope);
        const body = this.body(t.body, inner);
        return { ...t, body, key: this.term(t.key, inner), value: this.term(t.value, inner) };
      }
    }
  }
}
