/**
 * Safety: every var must be bound by some expression before it is used. Like OPA, bodies are
 * reordered (stably) so that an expression runs once its inputs are bound; what can never be
 * bound is reported as `rego_unsafe_var_error: var x is unsafe`.
 */
import type { Body, Expr, Term } from './ast.ts';
import { RegoError } from './errors.ts';
import { allVars, bodyVars, isWildcard, splitVars, type VarSplit } from './vars.ts';

/** Arity of a callable (builtin or user function), undefined when unknown. */
export type ArityOf = (fn: readonly string[]) => number | undefined;

interface Analysis {
  need: Set<string>;
  out: Set<string>;
  /** Unification: one of the two sides' pattern vars must be bound. */
  sides?: [Set<string>, Set<string>];
}

export class Safety {
  private readonly arity: ArityOf;
  readonly errors: RegoError[];

  constructor(arity: ArityOf, errors: RegoError[]) {
    this.arity = arity;
    this.errors = errors;
  }

  /** Reorder `body`; `safe` holds the vars bound on entry, `outer` every var visible outside. */
  body(body: Body, safe: Set<string>, outer: Set<string>): { body: Body; safe: Set<string> } {
    const bound = new Set(safe);
    const remaining = body.map((e, i) => ({ e, i }));
    const placed: Expr[] = [];
    const outsideOf = (i: number): Set<string> => {
      const s = new Set(outer);
      body.forEach((x, j) => j !== i && bodyVars([x], s));
      return s;
    };
    let progress = true;
    while (progress && remaining.length > 0) {
      progress = false;
      for (let k = 0; k < remaining.length; k++) {
        const { e, i } = remaining[k]!;
        const a = this.analyse(e, outsideOf(i));
        const missing = [...a.need].filter((v) => !bound.has(v));
        if (missing.length > 0 || !sidesOk(a, bound)) continue;
        placed.push(this.nested(e, bound, outsideOf(i)));
        a.out.forEach((v) => bound.add(v));
        remaining.splice(k, 1);
        k--;
        progress = true;
      }
    }
    for (const { e, i } of remaining) {
      const a = this.analyse(e, outsideOf(i));
      const extra = sidesOk(a, bound) ? [] : [...a.sides![0], ...a.sides![1]];
      const vars = new Set([...a.need, ...extra].filter((v) => !bound.has(v)));
      for (const v of [...vars].sort()) {
        if (!isWildcard(v) && !v.startsWith('__local'))
          this.errors.push(new RegoError('rego_unsafe_var_error', `var ${v} is unsafe`, e.loc));
        else this.errors.push(new RegoError('rego_unsafe_var_error', `var _ is unsafe`, e.loc));
      }
      placed.push(e);
    }
    return { body: placed, safe: bound };
  }

  /** Check that `terms` (a rule head) only use vars bound by the body. */
  head(terms: readonly Term[], safe: Set<string>): void {
    for (const t of terms) {
      for (const v of allVars(t)) {
        if (!safe.has(v))
          this.errors.push(new RegoError('rego_unsafe_var_error', `var ${v} is unsafe`, t.loc));
      }
    }
  }

  private readonly reported = new Set<string>();
  private report(e: RegoError): void {
    if (this.reported.has(e.message)) return;
    this.reported.add(e.message);
    this.errors.push(e);
  }

  private captured(outside: Set<string>): (t: Term) => Set<string> {
    return (t) => new Set([...allVars(t)].filter((v) => outside.has(v)));
  }

  private split(t: Term, outside: Set<string>): VarSplit {
    return splitVars(t, this.captured(outside));
  }

  private analyse(e: Expr, outside: Set<string>): Analysis {
    const need = new Set<string>();
    const out = new Set<string>();
    const addAll = (dst: Set<string>, ...srcs: Set<string>[]) =>
      srcs.forEach((s) => s.forEach((v) => dst.add(v)));
    for (const w of e.with) {
      const s = this.split(w.value, outside);
      addAll(need, s.need, s.pattern, s.iter);
    }
    let sides: [Set<string>, Set<string>] | undefined;
    switch (e.kind) {
      case 'some':
        break;
      case 'somein': {
        const d = this.split(e.domain, outside);
        addAll(need, d.need, d.pattern);
        addAll(out, d.iter);
        for (const p of [e.key, e.value]) {
          if (!p) continue;
          const s = this.split(p, outside);
          addAll(need, s.need);
          addAll(out, s.pattern, s.iter);
        }
        break;
      }
      case 'every': {
        const d = this.split(e.domain, outside);
        addAll(need, d.need, d.pattern, d.iter);
        const local = new Set<string>();
        if (e.key) allVars(e.key, local);
        allVars(e.value, local);
        for (const v of bodyVars(e.body)) if (outside.has(v) && !local.has(v)) need.add(v);
        break;
      }
      case 'term': {
        const t = e.term;
        if (e.negated) {
          const s = this.split(t, outside);
          addAll(need, s.need, s.pattern);
          s.iter.forEach((v) => !isWildcard(v) && need.add(v));
          break;
        }
        if (t.t === 'call' && t.fn.length === 1 && (t.fn[0] === 'eq' || t.fn[0] === 'assign')) {
          const a = this.split(t.args[0]!, outside);
          const b = this.split(t.args[1]!, outside);
          addAll(need, a.need, b.need);
          addAll(out, a.pattern, b.pattern, a.iter, b.iter);
          if (!pairwise(t.args[0]!, t.args[1]!)) sides = [a.pattern, b.pattern];
          break;
        }
        if (t.t === 'call') {
          const n = this.arity(t.fn);
          if (n === undefined)
            this.report(
              new RegoError('rego_type_error', `undefined function ${t.fn.join('.')}`, t.loc),
            );
          t.args.forEach((arg, i) => {
            const s = this.split(arg, outside);
            if (n !== undefined && i === n) {
              addAll(need, s.need);
              addAll(out, s.pattern, s.iter);
            } else {
              addAll(need, s.need, s.pattern);
              addAll(out, s.iter);
            }
          });
          break;
        }
        const s = this.split(t, outside);
        addAll(need, s.need, s.pattern);
        addAll(out, s.iter);
        break;
      }
    }
    return sides ? { need, out, sides } : { need, out };
  }

  // Reorder comprehension and `every` bodies nested in an expression.
  private nested(e: Expr, bound: Set<string>, outside: Set<string>): Expr {
    const scope = new Set([...outside, ...exprShallow(e)]);
    const t = (x: Term): Term => this.term(x, bound, scope);
    const withs = e.with.map((w) => ({ ...w, value: t(w.value) }));
    switch (e.kind) {
      case 'some':
        return e;
      case 'somein':
        return { ...e, domain: t(e.domain), with: withs };
      case 'every': {
        const inner = new Set(bound);
        if (e.key) allVars(e.key, inner);
        allVars(e.value, inner);
        for (const v of bodyVars(e.body)) if (outside.has(v)) inner.add(v);
        const b = this.body(e.body, inner, scope);
        return { ...e, domain: t(e.domain), body: b.body, with: withs };
      }
      case 'term':
        return { ...e, term: t(e.term), with: withs };
    }
  }

  private term(x: Term, bound: Set<string>, outside: Set<string>): Term {
    const rec = (y: Term) => this.term(y, bound, outside);
    switch (x.t) {
      case 'scalar':
      case 'var':
        return x;
      case 'ref':
        return { ...x, head: rec(x.head), path: x.path.map(rec) };
      case 'array':
      case 'set':
        return { ...x, items: x.items.map(rec) };
      case 'object':
        return { ...x, items: x.items.map(([k, v]) => [rec(k), rec(v)] as const) };
      case 'call':
        return { ...x, args: x.args.map(rec) };
      case 'arraycomp':
      case 'setcomp':
      case 'objcomp': {
        const cap = new Set([...allVars(x)].filter((v) => outside.has(v)));
        const heads = x.t === 'objcomp' ? [x.key, x.value] : [x.term];
        const r = this.body(x.body, cap, new Set([...outside, ...bodyVars(x.body)]));
        this.head(heads, r.safe);
        return x.t === 'objcomp'
          ? {
              ...x,
              body: r.body,
              key: this.term(x.key, r.safe, outside),
              value: this.term(x.value, r.safe, outside),
            }
          : { ...x, body: r.body, term: this.term(x.term, r.safe, outside) };
      }
    }
  }
}

// Vars of an expression outside its comprehensions.
function exprShallow(e: Expr): Set<string> {
  const out = new Set<string>();
  const visit = (t: Term) => {
    switch (t.t) {
      case 'var':
        out.add(t.name);
        break;
      case 'ref':
        visit(t.head);
        t.path.forEach(visit);
        break;
      case 'array':
      case 'set':
        t.items.forEach(visit);
        break;
      case 'object':
        t.items.forEach(([k, v]) => (visit(k), visit(v)));
        break;
      case 'call':
        t.args.forEach(visit);
        break;
      default:
        break;
    }
  };
  if (e.kind === 'term') visit(e.term);
  if (e.kind === 'somein' || e.kind === 'every') {
    visit(e.domain);
    visit(e.value);
    if (e.key) visit(e.key);
  }
  return out;
}

function sidesOk(a: Analysis, bound: Set<string>): boolean {
  if (!a.sides) return true;
  return a.sides.some((s) => [...s].every((v) => bound.has(v)));
}

function pairwise(a: Term, b: Term): boolean {
  return a.t === 'array' && b.t === 'array' && a.items.length === b.items.length;
}
