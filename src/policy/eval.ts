/**
 * Top-down evaluator. Bodies are evaluated in continuation-passing style: each expression
 * calls `k` once per solution, and a `true` return stops the search (used by `not`, `every`,
 * and existence checks). Bindings are undone when a continuation returns.
 */
import { refPath, type Body, type Expr, type Term } from './ast.ts';
import { insertAt, iterate, lookup, lookupData, mergeDocs, sameStrings } from './documents.ts';
import { BUILTIN_MAP } from './builtins/index.ts';
import type { BuiltinContext } from './builtins/types.ts';
import type { CRule, CompiledPolicy, TreeNode } from './compiler.ts';
import { EvalContext, IN_PROGRESS, setAt, type DataOverride, type FnOverride } from './context.ts';
import { Env } from './env.ts';
import { BuiltinError, RegoError } from './errors.ts';
import { RObject, RSet, equal, keyOf, toRegoString, type Value } from './value.ts';
import { unifyPairs } from './safety.ts';
import { isRoot } from './vars.ts';

type K = () => boolean;
type VK = (v: Value) => boolean;

export interface EvalLimits {
  /** Expressions evaluated before the evaluation is stopped with eval_limit_error. */
  readonly maxSteps: number;
  /** Wall-clock budget in milliseconds. */
  readonly timeoutMs: number;
  /** Nesting of rule and function calls. */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: EvalLimits = {
  maxSteps: 10_000_000,
  timeoutMs: 10_000,
  maxDepth: 2000,
};

export interface EvalSettings {
  readonly input: Value | undefined;
  readonly data: Value;
  readonly strictBuiltinErrors: boolean;
  readonly limits: EvalLimits;
  readonly builtinContext: BuiltinContext;
  readonly now: () => number;
}

export class Evaluator {
  private readonly policy: CompiledPolicy;
  private readonly settings: EvalSettings;
  private ctx: EvalContext;
  private steps = 0;
  private depth = 0;
  private readonly deadline: number;

  constructor(policy: CompiledPolicy, settings: EvalSettings) {
    this.policy = policy;
    this.settings = settings;
    this.ctx = new EvalContext(settings.input, settings.data, [], new Map());
    this.deadline = settings.now() + settings.limits.timeoutMs;
  }

  /** Run a compiled query; calls `onResult` with the env of every solution. */
  query(body: Body, onResult: (env: Env) => void): void {
    const env = new Env();
    this.body(body, 0, env, () => {
      onResult(env);
      return false;
    });
  }

  // ---- bodies and expressions ----

  body(body: Body, i: number, env: Env, k: K): boolean {
    if (i === body.length) return k();
    return this.expr(body[i]!, env, () => this.body(body, i + 1, env, k));
  }

  private tick(): void {
    this.steps++;
    if (this.steps > this.settings.limits.maxSteps) {
      throw new RegoError(
        'eval_limit_error',
        `evaluation exceeded ${this.settings.limits.maxSteps} steps`,
      );
    }
    if ((this.steps & 1023) === 0 && this.settings.now() > this.deadline) {
      throw new RegoError(
        'eval_limit_error',
        `evaluation exceeded ${this.settings.limits.timeoutMs} ms`,
      );
    }
  }

  private expr(e: Expr, env: Env, k: K): boolean {
    this.tick();
    if (e.with.length > 0) return this.withExpr(e, env, k);
    if (e.negated) {
      let found = false;
      this.positive(e, env, () => {
        found = true;
        return true;
      });
      return found ? false : k();
    }
    return this.positive(e, env, k);
  }

  private positive(e: Expr, env: Env, k: K): boolean {
    switch (e.kind) {
      case 'some':
        return k();
      case 'somein':
        return this.term(e.domain, env, (d) =>
          iterate(d, (key, val) =>
            this.unifyValue(e.value, val, env, () =>
              e.key ? this.unifyValue(e.key, key, env, k) : k(),
            ),
          ),
        );
      case 'every':
        return this.term(e.domain, env, (d) => {
          if (!(Array.isArray(d) || d instanceof RObject || d instanceof RSet)) return false;
          const ok = !iterate(d, (key, val) => {
            let found = false;
            this.unifyValue(e.value, val, env, () =>
              e.key
                ? this.unifyValue(e.key, key, env, () =>
                    this.body(e.body, 0, env, () => (found = true)),
                  )
                : this.body(e.body, 0, env, () => (found = true)),
            );
            return !found;
          });
          return ok ? k() : false;
        });
      case 'block':
        return this.body(e.body, 0, env, k);
      case 'logic': {
        const holds = (x: Expr): boolean => {
          let found = false;
          this.expr(x, env, () => (found = true));
          return found;
        };
        const ok =
          e.op === 'and' ? holds(e.left) && holds(e.right) : holds(e.left) || holds(e.right);
        return ok ? k() : false;
      }
      case 'term':
        return this.termExpr(e.term, env, k);
    }
  }

  private termExpr(t: Term, env: Env, k: K): boolean {
    if (t.t === 'call') {
      const name = t.fn.join('.');
      if (name === 'eq' || name === 'assign') return this.unify(t.args[0]!, t.args[1]!, env, k);
      if (name === 'print' && !this.ctx.fns.has(name)) return this.print(t.args, env, k);
      const n = this.arity(t.fn);
      if (n !== undefined && t.args.length === n + 1) {
        const out = t.args[n]!;
        return this.call(t, t.args.slice(0, n), env, (v) => this.unifyValue(out, v, env, k));
      }
      return this.call(t, t.args, env, (v) => (v === false ? false : k()));
    }
    return this.term(t, env, (v) => (v === false ? false : k()));
  }

  private withExpr(e: Expr, env: Env, k: K): boolean {
    const saved = this.ctx;
    let input = saved.input;
    let data = saved.data;
    const overrides: DataOverride[] = [...saved.overrides];
    const fns = new Map(saved.fns);
    for (const w of e.with) {
      const path = refPath(w.target);
      if (!path)
        throw new RegoError(
          'rego_compile_error',
          'with keyword target must reference existing input, data, or a function',
          w.loc,
        );
      const fnTarget =
        path[0] === 'data'
          ? this.policy.root.find(path.slice(1))?.isFunc === true
          : !isRoot(path[0]!);
      if (fnTarget) {
        const replacement = refPath(w.value);
        const name = path.join('.');
        if (replacement && this.arity(replacement) !== undefined)
          fns.set(name, { kind: 'fn', name: replacement });
        else fns.set(name, { kind: 'value', value: this.first(w.value, env) });
        continue;
      }
      const v = this.first(w.value, env);
      if (path[0] === 'input') input = setAt(input, path.slice(1), v);
      else {
        overrides.push({ path: path.slice(1), value: v });
        data = setAt(data, path.slice(1), v);
      }
    }
    const inner = new EvalContext(input, data, overrides, fns);
    this.ctx = inner;
    try {
      const body = (): boolean => {
        this.ctx = saved;
        try {
          return k();
        } finally {
          this.ctx = inner;
        }
      };
      const plain: Expr = { ...e, with: [] };
      return this.expr(plain, env, body);
    } finally {
      this.ctx = saved;
    }
  }

  private first(t: Term, env: Env): Value {
    let out: Value | undefined;
    this.term(t, env, (v) => {
      out = v;
      return true;
    });
    if (out === undefined)
      throw new RegoError('eval_internal_error', 'with value is undefined', t.loc);
    return out;
  }

  // ---- unification ----

  unify(a: Term, b: Term, env: Env, k: K): boolean {
    if (a.t === 'var' && !isRoot(a.name) && !env.has(a.name))
      return this.term(b, env, (v) => env.bind(a.name, v, k));
    if (b.t === 'var' && !isRoot(b.name) && !env.has(b.name))
      return this.term(a, env, (v) => env.bind(b.name, v, k));
    const pairs = unifyPairs(a, b);
    if (pairs && (this.hasUnbound(a, env) || this.hasUnbound(b, env)))
      return this.unifyAll(pairs, env, k);
    if ((a.t === 'array' && b.t === 'array') || (a.t === 'object' && b.t === 'object')) {
      if (!pairs && a.t === 'array') return false;
    }
    if (this.hasUnbound(a, env)) return this.term(b, env, (v) => this.unifyValue(a, v, env, k));
    if (this.hasUnbound(b, env)) return this.term(a, env, (v) => this.unifyValue(b, v, env, k));
    return this.term(a, env, (va) => this.term(b, env, (vb) => (equal(va, vb) ? k() : false)));
  }

  // Unify pairs in an order where each step has one side bound (OPA defers the others).
  private unifyAll(pairs: readonly [Term, Term][], env: Env, k: K): boolean {
    if (pairs.length === 0) return k();
    let i = pairs.findIndex(
      ([x, y]) => !(this.hasUnbound(x, env) && this.hasUnbound(y, env)) || unifyPairs(x, y),
    );
    if (i < 0) i = 0;
    const [x, y] = pairs[i]!;
    const rest = pairs.filter((_, j) => j !== i);
    return this.unify(x, y, env, () => this.unifyAll(rest, env, k));
  }

  unifyValue(t: Term, v: Value, env: Env, k: K): boolean {
    if (t.t === 'var' && !isRoot(t.name)) {
      const cur = env.get(t.name);
      if (cur !== undefined) return equal(cur, v) ? k() : false;
      return env.bind(t.name, v, k);
    }
    if (t.t === 'array' && this.hasUnbound(t, env)) {
      if (!Array.isArray(v) || v.length !== t.items.length) return false;
      const step = (i: number): boolean =>
        i === t.items.length ? k() : this.unifyValue(t.items[i]!, v[i]!, env, () => step(i + 1));
      return step(0);
    }
    if (t.t === 'object' && this.hasUnbound(t, env)) {
      if (!(v instanceof RObject) || v.size !== t.items.length) return false;
      const step = (i: number): boolean => {
        if (i === t.items.length) return k();
        const [kt, vt] = t.items[i]!;
        return this.term(kt, env, (key) => {
          const x = v.get(key);
          return x === undefined ? false : this.unifyValue(vt, x, env, () => step(i + 1));
        });
      };
      return step(0);
    }
    return this.term(t, env, (tv) => (equal(tv, v) ? k() : false));
  }

  private hasUnbound(t: Term, env: Env): boolean {
    switch (t.t) {
      case 'var':
        return !isRoot(t.name) && !env.has(t.name);
      case 'array':
        return t.items.some((x) => this.hasUnbound(x, env));
      case 'object':
        return t.items.some(([, x]) => this.hasUnbound(x, env));
      default:
        return false;
    }
  }

  // ---- terms ----

  term(t: Term, env: Env, vk: VK): boolean {
    if (t.t === 'array' || t.t === 'set' || t.t === 'object') {
      const g = groundValue(t);
      if (g !== undefined) return vk(g);
    }
    switch (t.t) {
      case 'scalar':
        return vk(t.v);
      case 'var': {
        if (t.name === 'input') return this.ctx.input === undefined ? false : vk(this.ctx.input);
        if (t.name === 'data')
          return this.walkData(this.policy.root, this.ctx.data, [], 0, env, vk);
        const v = env.get(t.name);
        return v === undefined ? false : vk(v);
      }
      case 'ref':
        return this.ref(t, env, vk);
      case 'array':
        return this.seq(t.items, 0, [], env, (vals) => vk(vals));
      case 'set':
        return this.seq(t.items, 0, [], env, (vals) => {
          const s = new RSet();
          vals.forEach((x) => s.add(x));
          return vk(s);
        });
      case 'object':
        return this.seq(t.items.flat(), 0, [], env, (vals) => {
          const o = new RObject();
          for (let i = 0; i < vals.length; i += 2) o.set(vals[i]!, vals[i + 1]!);
          return vk(o);
        });
      case 'call':
        return this.call(t, t.args, env, vk);
      case 'template':
        return vk(
          t.parts.map((p) => (typeof p === 'string' ? p : this.templateValue(p, env))).join(''),
        );
      case 'arraycomp': {
        const out: Value[] = [];
        this.body(t.body, 0, env, () => this.term(t.term, env, (v) => (out.push(v), false)));
        return vk(out);
      }
      case 'setcomp': {
        const out = new RSet();
        this.body(t.body, 0, env, () => this.term(t.term, env, (v) => (out.add(v), false)));
        return vk(out);
      }
      case 'objcomp': {
        const out = new RObject();
        this.body(t.body, 0, env, () =>
          this.term(t.key, env, (key) =>
            this.term(t.value, env, (v) => {
              const prev = out.get(key);
              if (prev !== undefined && !equal(prev, v))
                throw new RegoError('eval_conflict_error', 'object keys must be unique', t.loc);
              out.set(key, v);
              return false;
            }),
          ),
        );
        return vk(out);
      }
    }
  }

  // print(…) is variadic and never fails: undefined operands print as <undefined>.
  private print(args: readonly Term[], env: Env, k: K): boolean {
    const parts = args.map((a) => {
      let out: Value | undefined;
      this.term(a, env, (v) => ((out = v), true));
      if (out === undefined) return '<undefined>';
      return typeof out === 'string' ? out : toRegoString(out);
    });
    this.settings.builtinContext.print(parts.join(' '));
    return k();
  }

  // A `{…}` in a template string: its first value as text, `<undefined>` when it has none.
  private templateValue(e: Expr, env: Env): string {
    let out: Value | undefined;
    if (e.kind === 'term' && e.with.length === 0) {
      this.term(e.term, env, (v) => ((out = v), true));
    } else if (e.kind === 'term') {
      const tmp = `__tpl${this.steps}__`;
      const probe: Expr = {
        ...e,
        term: {
          t: 'call',
          fn: ['eq'],
          args: [{ t: 'var', name: tmp, loc: e.loc }, e.term],
          loc: e.loc,
        },
      };
      this.expr(probe, env, () => ((out = env.get(tmp)), true));
    }
    if (out === undefined) return '<undefined>';
    return typeof out === 'string' ? out : toRegoString(out);
  }

  private seq(
    ts: readonly Term[],
    i: number,
    acc: Value[],
    env: Env,
    k: (vals: Value[]) => boolean,
  ): boolean {
    // Ground items are taken in a loop: long literal lists must not deepen the stack.
    const start = acc.length;
    while (i < ts.length) {
      const g = groundValue(ts[i]!);
      if (g === undefined) break;
      acc.push(g);
      i++;
    }
    try {
      if (i === ts.length) return k([...acc]);
      return this.term(ts[i]!, env, (v) => {
        acc.push(v);
        try {
          return this.seq(ts, i + 1, acc, env, k);
        } finally {
          acc.pop();
        }
      });
    } finally {
      acc.length = start;
    }
  }

  // ---- references ----

  private ref(t: Extract<Term, { t: 'ref' }>, env: Env, vk: VK): boolean {
    const h = t.head;
    if (h.t === 'var' && h.name === 'data')
      return this.walkData(this.policy.root, this.ctx.data, t.path, 0, env, vk);
    return this.term(h, env, (hv) => this.walkValue(hv, t.path, 0, env, vk));
  }

  private walkValue(
    v: Value | undefined,
    path: readonly Term[],
    i: number,
    env: Env,
    vk: VK,
    base = false,
  ): boolean {
    if (v === undefined) return false;
    if (i === path.length) return vk(v);
    const p = path[i]!;
    if (this.hasUnbound(p, env)) {
      return iterate(v, (key, child) =>
        this.unifyValue(p, key, env, () => this.walkValue(child, path, i + 1, env, vk, base)),
      );
    }
    // In base data (JSON), `data.x[2]` also finds the key "2".
    const get = base ? lookupData : lookup;
    return this.term(p, env, (key) => this.walkValue(get(v, key), path, i + 1, env, vk, base));
  }

  private walkData(
    node: TreeNode | undefined,
    base: Value | undefined,
    path: readonly Term[],
    i: number,
    env: Env,
    vk: VK,
  ): boolean {
    if (!node) return this.walkValue(base, path, i, env, vk, true);
    if (node.isFunc)
      return node.arity === 0 ? this.walkValue(this.constFn(node), path, i, env, vk) : false;
    const over = this.ctx.overrides.find((o) => sameStrings(o.path, node.path.slice(1)));
    if (over) return this.walkValue(base, path, i, env, vk);
    if (i === path.length || node.rules.length > 0 || node.defaultRule) {
      return this.walkValue(this.valueAt(node, base), path, i, env, vk);
    }
    const p = path[i]!;
    if (this.hasUnbound(p, env)) {
      const keys = new Map<string, Value>();
      for (const k of node.children.keys()) keys.set(keyOf(k), k);
      if (base instanceof RObject) for (const k of base.keys()) keys.set(keyOf(k), k);
      for (const key of keys.values()) {
        const stop = this.unifyValue(p, key, env, () => {
          const child = typeof key === 'string' ? node.children.get(key) : undefined;
          return this.walkData(child, lookupData(base, key), path, i + 1, env, vk);
        });
        if (stop) return true;
      }
      return false;
    }
    return this.term(p, env, (key) => {
      const child = typeof key === 'string' ? node.children.get(key) : undefined;
      return this.walkData(child, lookupData(base, key), path, i + 1, env, vk);
    });
  }

  /** The document at a tree node: its rules' value merged with base data and children. */
  private valueAt(node: TreeNode, base: Value | undefined): Value | undefined {
    const own = node.rules.length > 0 || node.defaultRule ? this.nodeValue(node) : undefined;
    if (node.children.size === 0) {
      if (own !== undefined) return own;
      if (base === undefined && node.isPackage) return new RObject();
      return base;
    }
    if (own !== undefined && !(own instanceof RObject)) return own;
    const obj = new RObject();
    if (base instanceof RObject) for (const [k, v] of base.entries()) obj.set(k, v);
    if (own instanceof RObject) for (const [k, v] of own.entries()) obj.set(k, v);
    for (const [k, child] of node.children) {
      if (child.isFunc) {
        const v = child.arity === 0 ? this.constFn(child) : undefined;
        if (v !== undefined) obj.set(k, v);
        continue;
      }
      const over = this.ctx.overrides.find((o) => sameStrings(o.path, child.path.slice(1)));
      const cv = over ? lookup(base, k) : this.valueAt(child, lookup(base, k));
      if (cv === undefined) continue;
      const prev = own instanceof RObject ? own.get(k) : undefined;
      obj.set(k, prev === undefined ? cv : mergeDocs(prev, cv));
    }
    return obj;
  }

  private nodeValue(node: TreeNode): Value | undefined {
    const cached = this.ctx.cache.get(node.id);
    if (cached === IN_PROGRESS)
      throw new RegoError('rego_recursion_error', `rule ${node.path.join('.')} is recursive`);
    if (this.ctx.cache.has(node.id)) return cached as Value | undefined;
    this.ctx.cache.set(node.id, IN_PROGRESS);
    this.enter();
    try {
      const v = this.computeNode(node);
      this.ctx.cache.set(node.id, v);
      return v;
    } catch (err) {
      this.ctx.cache.delete(node.id);
      throw err;
    } finally {
      this.depth--;
    }
  }

  private enter(): void {
    if (++this.depth > this.settings.limits.maxDepth) {
      this.depth--;
      throw new RegoError(
        'eval_limit_error',
        `evaluation exceeded nesting depth ${this.settings.limits.maxDepth}`,
      );
    }
  }

  private computeNode(node: TreeNode): Value | undefined {
    const complete = new Map<string, Value>();
    let set: RSet | undefined;
    let obj: RObject | undefined;
    for (const rule of node.rules) {
      if (rule.kind === 'multi' && rule.extra.length === 0) set ??= new RSet();
      if (rule.extra.length > 0) obj ??= new RObject();
      this.ruleSolutions(rule, new Env(), (env, r) =>
        this.term(r.value, env, (v) => {
          if (rule.extra.length === 0) {
            if (rule.kind === 'multi') set!.add(v);
            else {
              complete.set(keyOf(v), v);
              if (complete.size > 1) {
                throw new RegoError(
                  'eval_conflict_error',
                  'complete rules must not produce multiple outputs',
                  rule.loc,
                );
              }
            }
            return false;
          }
          return this.seq(r.extra, 0, [], env, (keys) => {
            insertAt(obj!, keys, v, rule.kind === 'multi', rule.loc);
            return false;
          });
        }),
      );
    }
    if (complete.size === 1) return [...complete.values()][0]!;
    if (set) return set;
    if (obj) return obj;
    if (node.defaultRule) {
      let v: Value | undefined;
      this.term(node.defaultRule.value, new Env(), (x) => ((v = x), true));
      return v;
    }
    return undefined;
  }

  /** Solutions of a rule: its own body, or else the first `else` block that has any. */
  private ruleSolutions(
    rule: CRule,
    env: Env,
    k: (env: Env, r: CRule) => boolean,
    pre?: (r: CRule, k: K) => boolean,
  ): void {
    const blocks = [rule, ...rule.elses];
    for (const r of blocks) {
      let found = false;
      const run = () =>
        this.body(r.body, 0, env, () => {
          found = true;
          return k(env, r);
        });
      if (pre) pre(r, run);
      else run();
      if (found) return;
    }
  }

  // ---- calls ----

  private arity(fn: readonly string[]): number | undefined {
    return this.policy.arity(fn);
  }

  private call(t: Term, args: readonly Term[], env: Env, vk: VK): boolean {
    const fn = t.t === 'call' ? t.fn : [];
    return this.seq(args, 0, [], env, (vals) => this.callValues(fn, vals, t, vk));
  }

  private callValues(fn: readonly string[], vals: Value[], t: Term, vk: VK): boolean {
    const name = fn.join('.');
    const over: FnOverride | undefined = this.ctx.fns.get(name);
    if (over) {
      if (over.kind === 'value') return vk(over.value);
      if (over.name.join('.') !== name) {
        // The replacement runs without this mock, so it may call the original.
        const saved = this.ctx;
        // Replacements run with no function mocks at all: a mock never calls another mock.
        const inner = new EvalContext(saved.input, saved.data, saved.overrides, new Map());
        this.ctx = inner;
        try {
          return this.callValues(over.name, vals, t, (v) => {
            this.ctx = saved;
            try {
              return vk(v);
            } finally {
              this.ctx = inner;
            }
          });
        } finally {
          this.ctx = saved;
        }
      }
    }
    if (fn[0] === 'data') {
      const node = this.policy.root.find(fn.slice(1));
      if (!node?.isFunc)
        throw new RegoError('rego_type_error', `undefined function ${name}`, t.loc);
      return this.callUser(node, vals, t, vk);
    }
    const b = BUILTIN_MAP.get(name);
    if (!b) throw new RegoError('rego_type_error', `undefined function ${name}`, t.loc);
    let r: Value | undefined;
    try {
      r = b.call(vals, this.settings.builtinContext);
    } catch (err) {
      if (err instanceof BuiltinError) {
        if (this.settings.strictBuiltinErrors)
          throw new RegoError(err.code, err.message, t.loc, { cause: err });
        return false;
      }
      if (err instanceof RegoError) throw err;
      throw new RegoError('eval_internal_error', `${name}: ${String(err)}`, t.loc, { cause: err });
    }
    if (r === undefined) return false;
    if (b.relation && Array.isArray(r)) {
      for (const x of r) if (vk(x)) return true;
      return false;
    }
    return vk(r);
  }

  // A zero-argument function is also a document (OPA lists `f() := 1` under data).
  private constFn(node: TreeNode): Value | undefined {
    let out: Value | undefined;
    this.callUser(
      node,
      [],
      {
        t: 'call',
        fn: ['data', ...node.path.slice(1)],
        args: [],
        loc: node.rules[0]?.loc ?? { file: '', row: 0, col: 0 },
      },
      (v) => ((out = v), true),
    );
    return out;
  }

  private callUser(node: TreeNode, vals: Value[], t: Term, vk: VK): boolean {
    const outputs = new Map<string, Value>();
    this.enter();
    try {
      for (const rule of node.rules) {
        const env = new Env();
        const bindArgs = (r: CRule, k: K): boolean => {
          const step = (i: number): boolean =>
            i === vals.length
              ? k()
              : this.unifyValue(r.args![i]!, vals[i]!, env, () => step(i + 1));
          return step(0);
        };
        this.ruleSolutions(
          rule,
          env,
          (e, r) =>
            this.term(r.value, e, (v) => {
              outputs.set(keyOf(v), v);
              if (outputs.size > 1)
                throw new RegoError(
                  'eval_conflict_error',
                  'functions must not produce multiple outputs for same inputs',
                  t.loc,
                );
              return false;
            }),
          bindArgs,
        );
      }
    } finally {
      this.depth--;
    }
    if (outputs.size === 0 && node.defaultRule) {
      let v: Value | undefined;
      this.term(node.defaultRule.value, new Env(), (x) => ((v = x), true));
      return v === undefined ? false : vk(v);
    }
    const only = [...outputs.values()][0];
    return only === undefined ? false : vk(only);
  }
}

const GROUND = new WeakMap<Term, Value | null>();

/** The value of a term without vars, refs, calls or comprehensions (cached), else undefined. */
function groundValue(t: Term): Value | undefined {
  if (t.t === 'scalar') return t.v;
  if (t.t !== 'array' && t.t !== 'set' && t.t !== 'object') return undefined;
  const cached = GROUND.get(t);
  if (cached !== undefined) return cached === null ? undefined : cached;
  let v: Value | undefined;
  if (t.t === 'array') {
    const items: Value[] = [];
    for (const x of t.items) {
      const g = groundValue(x);
      if (g === undefined) break;
      items.push(g);
    }
    v = items.length === t.items.length ? items : undefined;
  } else if (t.t === 'set') {
    const set = new RSet();
    v = set;
    for (const x of t.items) {
      const g = groundValue(x);
      if (g === undefined) {
        v = undefined;
        break;
      }
      set.add(g);
    }
  } else {
    const obj = new RObject();
    v = obj;
    for (const [kt, vt] of t.items) {
      const k = groundValue(kt);
      const x = groundValue(vt);
      if (k === undefined || x === undefined) {
        v = undefined;
        break;
      }
      obj.set(k, x);
    }
  }
  GROUND.set(t, v === undefined ? null : v);
  return v;
}
