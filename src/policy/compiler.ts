/**
 * Compiler: parse modules, resolve names, rename locals, reorder bodies for safety, and index
 * rules in a tree by the static prefix of their head references (`data.pkg.a.b`).
 */
import type { Body, Expr, Module, Rule, Term } from './ast.ts';
import { BUILTIN_MAP } from './builtins/index.ts';
import { RegoError, RegoErrors } from './errors.ts';
import { parseModule, parseQuery } from './parser.ts';
import { Rewriter } from './rewrite.ts';
import { Safety } from './safety.ts';
import { allVars, isWildcard } from './vars.ts';

export interface CRule {
  readonly kind: Rule['kind'];
  /** Terms of the head ref beyond the tree node this rule sits at (`[x]` for `p[x] := y`). */
  readonly extra: readonly Term[];
  readonly args: readonly Term[] | undefined;
  readonly value: Term;
  readonly body: Body;
  readonly elses: readonly CRule[];
  readonly isDefault: boolean;
  readonly loc: Rule['loc'];
}

let nodeIds = 0;

export class TreeNode {
  readonly id = nodeIds++;
  readonly path: readonly string[];
  readonly children = new Map<string, TreeNode>();
  readonly rules: CRule[] = [];
  defaultRule: CRule | undefined;
  isFunc = false;
  /** A package's node is an (empty) object even without rules. */
  isPackage = false;
  arity = 0;

  constructor(path: readonly string[]) {
    this.path = path;
  }

  child(key: string): TreeNode {
    let c = this.children.get(key);
    if (!c) {
      c = new TreeNode([...this.path, key]);
      this.children.set(key, c);
    }
    return c;
  }

  find(path: readonly string[]): TreeNode | undefined {
    let n: TreeNode | undefined = this as TreeNode;
    for (const k of path) n = n?.children.get(k);
    return n;
  }

  /** True when this node or a descendant has rules. */
  hasRules(): boolean {
    if (this.rules.length > 0 || this.defaultRule) return true;
    for (const c of this.children.values()) if (c.hasRules()) return true;
    return false;
  }
}

export interface CompileOptions {
  readonly v0Compatible?: boolean;
}

export interface CompiledPolicy {
  readonly root: TreeNode;
  readonly modules: readonly Module[];
  arity(fn: readonly string[]): number | undefined;
}

/** Compile modules (file name → source). Throws RegoError / RegoErrors. */
export function compileModules(
  sources: Readonly<Record<string, string>>,
  opts: CompileOptions = {},
): CompiledPolicy {
  const modules = Object.entries(sources).map(([file, src]) =>
    parseModule(src, file, { v0: opts.v0Compatible === true }),
  );
  const root = new TreeNode(['data']);
  const ruleNames = new Map<string, Set<string>>();
  for (const m of modules) {
    const key = m.pkg.join('.');
    const set = ruleNames.get(key) ?? new Set<string>();
    ruleNames.set(key, set);
    for (const r of m.rules) {
      const h = r.ref[0]!;
      if (h.t === 'var') set.add(h.name);
    }
  }
  for (const m of modules) {
    let n = root;
    for (const p of m.pkg) n = n.child(p);
    n.isPackage = true;
  }
  // Function arity first: safety needs it to know which call argument is an output.
  for (const m of modules) {
    for (const r of m.rules) {
      if (r.kind !== 'func') continue;
      const node = nodeFor(root, m, r).node;
      node.isFunc = true;
      node.arity = r.args!.length;
    }
  }
  const errors: RegoError[] = [];
  const arity = (fn: readonly string[]): number | undefined => {
    if (fn[0] === 'data') {
      const n = root.find(fn.slice(1));
      return n?.isFunc ? n.arity : undefined;
    }
    return BUILTIN_MAP.get(fn.join('.'))?.arity;
  };
  const safety = new Safety(arity, errors);
  for (const m of modules) {
    const rw = new Rewriter({
      pkg: ['data', ...m.pkg].slice(1),
      imports: m.imports,
      ruleNames: ruleNames.get(m.pkg.join('.'))!,
      errors,
    });
    for (const r of m.rules) {
      const { node, extra } = nodeFor(root, m, r);
      const c = compileRule(r, extra, rw, safety);
      if (r.isDefault && node.defaultRule) {
        errors.push(
          new RegoError(
            'rego_type_error',
            `multiple default rules ${node.path.join('.')} found`,
            r.loc,
          ),
        );
      }
      if (r.isDefault) node.defaultRule = c;
      else node.rules.push(c);
    }
  }
  checkConflicts(root, errors);
  if (errors.length > 0) throw new RegoErrors(errors);
  return { root, modules, arity };
}

function nodeFor(root: TreeNode, m: Module, r: Rule): { node: TreeNode; extra: Term[] } {
  let node = root;
  for (const p of m.pkg) node = node.child(p);
  const ref = r.ref;
  let i = 0;
  for (; i < ref.length; i++) {
    const t = ref[i]!;
    const key =
      t.t === 'var' && i === 0
        ? t.name
        : t.t === 'scalar' && typeof t.v === 'string'
          ? t.v
          : undefined;
    if (key === undefined) break;
    // a complete rule's last ground key is still its own node; a general ref stops before vars
    node = node.child(key);
  }
  return { node, extra: ref.slice(i) };
}

// A template string among a function's arguments is rendered after the body (its `{…}` may
// use the body's variables) and then compared with the argument, as OPA does.
function templateArgs(
  body: Body,
  args: Term[] | undefined,
): { body: Body; args: Term[] | undefined } {
  if (!args?.some((a) => a.t === 'template')) return { body, args };
  const extra: Expr[] = [];
  const newArgs = args.map((a, i) => {
    if (a.t !== 'template') return a;
    const v: Term = { t: 'var', name: `__targ${i}__`, loc: a.loc };
    const term: Term = { t: 'call', fn: ['eq'], args: [v, a], loc: a.loc };
    extra.push({ kind: 'term', negated: false, term, with: [], loc: a.loc });
    return v;
  });
  return { body: [...body, ...extra], args: newArgs };
}

function compileRule(r: Rule, extra: readonly Term[], rw: Rewriter, safety: Safety): CRule {
  const rewritten = rw.rule(r.args, r.body);
  const { head } = rewritten;
  const { body, args } = templateArgs(rewritten.body, rewritten.args);
  const safe = new Set<string>();
  for (const a of args ?? []) allVars(a, safe);
  const outer = new Set<string>(safe);
  const newExtra = extra.map(head);
  const value = head(r.value);
  for (const t of [value, ...newExtra]) allVars(t, outer);
  const ordered = safety.body(body, safe, outer);
  const [headValue, ...headExtra] = safety.head([value, ...newExtra], ordered.safe);
  return {
    kind: r.kind,
    extra: headExtra,
    args,
    value: headValue!,
    body: ordered.body,
    elses: r.elses.map((e) => compileRule(e, extra, rw, safety)),
    isDefault: r.isDefault,
    loc: r.loc,
  };
}

// Rules at one path must agree on their kind (OPA: "conflicting rules data.p found").
function checkConflicts(node: TreeNode, errors: RegoError[]): void {
  const kinds = new Set(node.rules.map((r) => (r.extra.length > 0 ? 'general' : r.kind)));
  const arities = new Set(node.rules.filter((r) => r.kind === 'func').map((r) => r.args?.length));
  const mixed = kinds.size > 1;
  if (mixed || arities.size > 1) {
    errors.push(
      new RegoError(
        'rego_type_error',
        `conflicting rules ${node.path.join('.')} found`,
        node.rules[0]!.loc,
      ),
    );
  }
  for (const c of node.children.values()) checkConflicts(c, errors);
}

/** Compile a query against a policy: resolve, rename, reorder. */
export function compileQuery(
  policy: CompiledPolicy,
  query: string,
  opts: CompileOptions = {},
): { body: Body; vars: string[] } {
  const parsed = parseQuery(query, { v0: opts.v0Compatible === true });
  const errors: RegoError[] = [];
  const rw = new Rewriter({ pkg: [], imports: [], ruleNames: new Set(), errors });
  const body = rw.query(parsed);
  const safety = new Safety((fn) => policy.arity(fn), errors);
  const ordered = safety.body(body, new Set(), new Set());
  if (errors.length > 0) throw new RegoErrors(errors);
  const vars: string[] = [];
  const seen = new Set<string>();
  for (const e of parsed) {
    for (const v of exprVarsOrdered(e)) {
      if (!seen.has(v) && !isWildcard(v)) {
        seen.add(v);
        vars.push(v);
      }
    }
  }
  return { body: ordered.body, vars };
}

function exprVarsOrdered(e: Body[number]): string[] {
  if (e.kind === 'term') return [...allVars(e.term)];
  if (e.kind === 'somein') return [...(e.key ? allVars(e.key) : []), ...allVars(e.value)];
  return [];
}
