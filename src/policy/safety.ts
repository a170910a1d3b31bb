/**
 * Safety: every var must be bound by some expression before it is used. Like OPA, bodies are
 * reordered (stably) so that an expression runs once its inputs are bound; what can never be
 * bound is reported as `rego_unsafe_var_error: var x is unsafe`.
 */
import type { Body, Expr, Term } from './ast.ts';
import { RegoError } from './errors.ts';
import { allVars, bodyVars, exprVars, isWildcard, splitVars, type VarSplit } from './vars.ts';

/** Arity of a callable (builtin or user function), undefined when unknown. */
export type ArityOf = (fn: readonly string[]) => number | undefined;

interface Analysis {
  need: Set<string>;
  out: Set<string>;
  /** Unification: schedulable only once `unifyOut` finds it can bind its patterns. */
  unify?: [Term, Term];
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
      body.forEach((x, j) => j !== i && exprShallow(x).forEach((v) => s.add(v)));
      return s;
    };
    let progress = true;
    while (progress && remaining.length > 0) {
      progress = false;
      for (let k = 0; k < remaining.length; k++) {
        const { e, i } = remaining[k]!;
        const a = this.analyse(e, outsideOf(i));
        const missing = [...a.need].filter((v) => !bound.has(v));
        const uo = a.unify ? this.unifyOut(a.unify[0], a.unify[1], bound, outsideOf(i)) : a.out;
        if (missing.length > 0 || !uo) continue;
        placed.push(this.nested(e, bound, outsideOf(i)));
        uo.forEach((v) => bound.add(v));
        remaining.splice(k, 1);
        k--;
        progress = true;
      }
    }
    for (const { e, i } of remaining) {
      const a = this.analyse(e, outsideOf(i));
      const extra =
        !a.unify || this.unifyOut(a.unify[0], a.unify[1], bound, outsideOf(i)) ? [] : [...a.out];
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

  /** Check that `terms` (a rule head) only use vars bound by the body; reorder their comprehensions. */
  head(terms: readonly Term[], safe: Set<string>): Term[] {
    return terms.map((t) => {
      const s = this.split(t, safe);
      for (const v of [...s.need, ...s.pattern]) {
        if (!safe.has(v))
          this.report(new RegoError('rego_unsafe_var_error', `var ${v} is unsafe`, t.loc));
      }
      return this.term(t, safe, safe);
    });
  }

  /** Vars a unification binds given `bound`, or undefined when it cannot run yet. */
  private unifyOut(
    a: Term,
    b: Term,
    bound: Set<string>,
    outside: Set<string>,
  ): Set<string> | undefined {
    const sa = this.split(a, outside);
    const sb = this.split(b, outside);
    const all = (s: Set<string>) => [...s].every((v) => bound.has(v));
    if (![...sa.need, ...sb.need].every((v) => bound.has(v))) return undefined;
    const out = new Set([...sa.pattern, ...sb.pattern, ...sa.iter, ...sb.iter]);
    if (all(sa.pattern) || all(sb.pattern)) return out;
    const pairs = unifyPairs(a, b);
    if (!pairs) return undefined;
    const cur = new Set(bound);
    let pending = pairs;
    while (pending.length > 0) {
      const next = pending.filter(([x, y]) => {
        const r = this.unifyOut(x, y, cur, outside);
        r?.forEach((v) => cur.add(v));
        return !r;
      });
      if (next.length === pending.length) return undefined;
      pending = next;
    }
    return out;
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
      const fn = refNamesOf(w.value);
      if (fn && this.arity(fn) !== undefined) continue;
      const s = this.split(w.value, outside);
      addAll(need, s.need, s.pattern, s.iter);
    }
    let unify: [Term, Term] | undefined;
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
      case 'block':
        for (const v of bodyVars(e.body)) if (outside.has(v)) need.add(v);
        break;
      case 'logic':
        for (const v of exprVars(e)) if (outside.has(v)) need.add(v);
        break;
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
          unify = [t.args[0]!, t.args[1]!];
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
    return unify ? { need, out, unify } : { need, out };
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
      case 'logic':
        return {
          ...e,
          left: this.logicOperand(e.left, bound, scope),
          right: this.logicOperand(e.right, bound, scope),
          with: withs,
        };
      case 'block': {
        const inner = new Set([...bound].filter((v) => bodyVars(e.body).has(v)));
        return { ...e, body: this.body(e.body, inner, scope).body, with: withs };
      }
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

  // An operand of and/or runs like a one-expression body.
  private logicOperand(e: Expr, bound: Set<string>, outside: Set<string>): Expr {
    const local = new Set([...bound].filter((v) => exprVars(e).has(v)));
    const r = this.body([e], local, outside);
    return r.body[0]!;
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
      case 'template':
        return {
          ...x,
          parts: x.parts.map((p) =>
            typeof p === 'string' || p.kind !== 'term'
              ? p
              : {
                  ...p,
                  term: rec(p.term),
                  with: p.with.map((w) => ({ ...w, value: rec(w.value) })),
                },
          ),
        };
      case 'call':
        if (this.arity(x.fn) === undefined && !['eq', 'assign'].includes(x.fn.join('.'))) {
          this.report(
            new RegoError('rego_type_error', `undefined function ${x.fn.join('.')}`, x.loc),
          );
        }
        return { ...x, args: x.args.map(rec) };
      case 'arraycomp':
      case 'setcomp':
      case 'objcomp': {
        const cap = new Set([...allVars(x)].filter((v) => outside.has(v)));
        const r = this.body(x.body, cap, outside);
        if (x.t === 'objcomp') {
          const [key, value] = this.head([x.key, x.value], r.safe);
          return { ...x, body: r.body, key: key!, value: value! };
        }
        const [term] = this.head([x.term], r.safe);
        return { ...x, body: r.body, term: term! };
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
      case 'template':
        t.parts.forEach((p) => typeof p !== 'string' && p.kind === 'term' && visit(p.term));
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

function refNamesOf(t: Term): string[] | undefined {
  if (t.t === 'var') return [t.name];
  if (t.t !== 'ref' || t.head.t !== 'var') return undefined;
  const out = [t.head.name];
  for (const p of t.path) {
    if (p.t !== 'scalar' || typeof p.v !== 'string') return undefined;
    out.push(p.v);
  }
  return out;
}

/** Pairs of terms unified element-wise (arrays of equal length, objects with the same scalar keys). */
export function unifyPairs(a: Term, b: Term): [Term, Term][] | undefined {
  if (a.t === 'array' && b.t === 'array') {
    return a.items.length === b.items.length ? a.items.map((x, i) => [x, b.items[i]!]) : undefined;
  }
  if (a.t === 'object' && b.t === 'object' && a.items.length === b.items.length) {
    const pairs: [Term, Term][] = [];
    for (const [ka, va] of a.items) {
      if (ka.t !== 'scalar') return undefined;
      const m = b.items.find(([kb]) => kb.t === 'scalar' && kb.v === ka.v);
      if (!m) return undefined;
      pairs.push([va, m[1]]);
    }
    return pairs;
  }
  return undefined;
}
