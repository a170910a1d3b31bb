/** Rego's abstract syntax tree. Every node carries its source location. */
import type { Location } from './errors.ts';

export type Scalar = null | boolean | string | bigint | number;

export type Term =
  | { readonly t: 'scalar'; readonly v: Scalar; readonly loc: Location }
  | { readonly t: 'var'; readonly name: string; readonly loc: Location }
  | {
      readonly t: 'ref';
      readonly head: Term;
      readonly path: readonly Term[];
      readonly loc: Location;
    }
  | { readonly t: 'array'; readonly items: readonly Term[]; readonly loc: Location }
  | { readonly t: 'set'; readonly items: readonly Term[]; readonly loc: Location }
  | {
      readonly t: 'object';
      readonly items: readonly (readonly [Term, Term])[];
      readonly loc: Location;
    }
  | { readonly t: 'template'; readonly parts: readonly (string | Expr)[]; readonly loc: Location }
  | {
      readonly t: 'call';
      readonly fn: readonly string[];
      readonly args: readonly Term[];
      readonly loc: Location;
    }
  | { readonly t: 'arraycomp'; readonly term: Term; readonly body: Body; readonly loc: Location }
  | { readonly t: 'setcomp'; readonly term: Term; readonly body: Body; readonly loc: Location }
  | {
      readonly t: 'objcomp';
      readonly key: Term;
      readonly value: Term;
      readonly body: Body;
      readonly loc: Location;
    };

export interface With {
  readonly target: Term;
  readonly value: Term;
  readonly loc: Location;
}

export type Expr =
  | {
      readonly kind: 'term';
      readonly negated: boolean;
      readonly term: Term;
      readonly with: readonly With[];
      readonly loc: Location;
    }
  | {
      readonly kind: 'some';
      readonly negated: false;
      readonly vars: readonly Term[];
      readonly with: readonly With[];
      readonly loc: Location;
    }
  | {
      readonly kind: 'somein';
      readonly negated: false;
      readonly key: Term | undefined;
      readonly value: Term;
      readonly domain: Term;
      readonly with: readonly With[];
      readonly loc: Location;
    }
  | {
      /** Experimental `a and b` / `a or b`: succeeds once, exports no bindings. */
      readonly kind: 'logic';
      readonly op: 'and' | 'or';
      readonly negated: boolean;
      readonly left: Expr;
      readonly right: Expr;
      readonly with: readonly With[];
      readonly loc: Location;
    }
  | {
      /** `not { … }`: a negated body (OPA's `future.keywords.not`). */
      readonly kind: 'block';
      readonly negated: boolean;
      readonly body: Body;
      readonly with: readonly With[];
      readonly loc: Location;
    }
  | {
      readonly kind: 'every';
      readonly negated: boolean;
      readonly key: Term | undefined;
      readonly value: Term;
      readonly domain: Term;
      readonly body: Body;
      readonly with: readonly With[];
      readonly loc: Location;
    };

export type Body = readonly Expr[];

export type RuleKind = 'complete' | 'multi' | 'func';

export interface Rule {
  readonly kind: RuleKind;
  /** Head reference, package path excluded: `p`, `a.b[x]`. */
  readonly ref: readonly Term[];
  readonly args: readonly Term[] | undefined;
  /** Value term (`:= v`); true when absent. For multi-value (`contains`) rules, the element. */
  readonly value: Term;
  readonly body: Body;
  readonly elses: readonly Rule[];
  readonly isDefault: boolean;
  readonly loc: Location;
  readonly module: string;
}

export interface Import {
  readonly path: Term;
  readonly alias: string | undefined;
  readonly loc: Location;
}

export interface Module {
  readonly file: string;
  readonly pkg: readonly string[];
  readonly pkgLoc: Location;
  readonly imports: readonly Import[];
  readonly rules: readonly Rule[];
}

export function refPath(t: Term): string[] | undefined {
  if (t.t === 'var') return [t.name];
  if (t.t !== 'ref' || t.head.t !== 'var') return undefined;
  const out = [t.head.name];
  for (const p of t.path) {
    if (p.t !== 'scalar' || typeof p.v !== 'string') return undefined;
    out.push(p.v);
  }
  return out;
}
