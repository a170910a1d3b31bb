/** Variable analysis over terms and bodies: what a term needs bound and what it can bind. */
import type { Body, Expr, Term } from './ast.ts';

export const isRoot = (name: string): boolean => name === 'data' || name === 'input';
export const isWildcard = (name: string): boolean => name.startsWith('$_');

/** Every local var in a term, comprehension bodies included. */
export function allVars(t: Term, out: Set<string> = new Set()): Set<string> {
  switch (t.t) {
    case 'scalar':
      break;
    case 'var':
      if (!isRoot(t.name)) out.add(t.name);
      break;
    case 'ref':
      allVars(t.head, out);
      t.path.forEach((p) => allVars(p, out));
      break;
    case 'array':
    case 'set':
      t.items.forEach((x) => allVars(x, out));
      break;
    case 'object':
      t.items.forEach(([k, v]) => {
        allVars(k, out);
        allVars(v, out);
      });
      break;
    case 'call':
      t.args.forEach((x) => allVars(x, out));
      break;
    case 'template':
      t.parts.forEach((p) => typeof p !== 'string' && exprVars(p, out));
      break;
    case 'arraycomp':
    case 'setcomp':
      allVars(t.term, out);
      bodyVars(t.body, out);
      break;
    case 'objcomp':
      allVars(t.key, out);
      allVars(t.value, out);
      bodyVars(t.body, out);
      break;
  }
  return out;
}

export function exprVars(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case 'term':
      allVars(e.term, out);
      break;
    case 'some':
      e.vars.forEach((v) => allVars(v, out));
      break;
    case 'somein':
      if (e.key) allVars(e.key, out);
      allVars(e.value, out);
      allVars(e.domain, out);
      break;
    case 'block':
      bodyVars(e.body, out);
      break;
    case 'logic':
      exprVars(e.left, out);
      exprVars(e.right, out);
      break;
    case 'every':
      if (e.key) allVars(e.key, out);
      allVars(e.value, out);
      allVars(e.domain, out);
      bodyVars(e.body, out);
      break;
  }
  e.with.forEach((w) => allVars(w.value, out));
  return out;
}

export function bodyVars(b: Body, out: Set<string> = new Set()): Set<string> {
  b.forEach((e) => exprVars(e, out));
  return out;
}

/**
 * Split a term's vars for safety analysis:
 * - `pattern`: vars in unifiable positions (bare, array items, object values);
 * - `iter`: bare vars in ref paths, which iteration binds;
 * - `need`: everything else (ref heads, call args, object keys, nested refs' operands).
 * `captured` gives, for a comprehension, which of its free vars come from outside.
 */
export interface VarSplit {
  pattern: Set<string>;
  iter: Set<string>;
  need: Set<string>;
}

export function splitVars(
  t: Term,
  captured: (t: Term) => Set<string>,
  s: VarSplit = newSplit(),
  pos: 'pattern' | 'need' = 'pattern',
): VarSplit {
  switch (t.t) {
    case 'scalar':
      break;
    case 'var':
      if (!isRoot(t.name)) (pos === 'pattern' ? s.pattern : s.need).add(t.name);
      break;
    case 'array':
      t.items.forEach((x) => splitVars(x, captured, s, pos));
      break;
    case 'object':
      t.items.forEach(([k, v]) => {
        splitVars(k, captured, s, 'need');
        splitVars(v, captured, s, pos);
      });
      break;
    case 'set':
      t.items.forEach((x) => splitVars(x, captured, s, 'need'));
      break;
    case 'ref':
      splitVars(t.head, captured, s, 'need');
      for (const p of t.path) {
        if (p.t === 'var') {
          if (!isRoot(p.name)) s.iter.add(p.name);
        } else if (p.t === 'array' || p.t === 'object') {
          // a composite key is a pattern matched against the collection's keys
          const inner = splitVars(p, captured);
          inner.pattern.forEach((v) => s.iter.add(v));
          inner.iter.forEach((v) => s.iter.add(v));
          inner.need.forEach((v) => s.need.add(v));
        } else splitRefOperand(p, captured, s);
      }
      break;
    case 'call':
      t.args.forEach((x) => splitRefOperand(x, captured, s));
      break;
    case 'template':
      for (const p of t.parts) {
        if (typeof p === 'string') continue;
        if (p.kind === 'term') splitRefOperand(p.term, captured, s);
        else exprVars(p).forEach((v) => s.need.add(v));
        p.with.forEach((w) => splitRefOperand(w.value, captured, s));
      }
      break;
    case 'arraycomp':
    case 'setcomp':
    case 'objcomp':
      captured(t).forEach((v) => s.need.add(v));
      break;
  }
  return s;
}

// Inside ref operands and call args, plain vars are needed but nested refs still iterate.
function splitRefOperand(t: Term, captured: (t: Term) => Set<string>, s: VarSplit): void {
  const inner = splitVars(t, captured);
  inner.pattern.forEach((v) => s.need.add(v));
  inner.need.forEach((v) => s.need.add(v));
  inner.iter.forEach((v) => s.iter.add(v));
}

export function newSplit(): VarSplit {
  return { pattern: new Set(), iter: new Set(), need: new Set() };
}
