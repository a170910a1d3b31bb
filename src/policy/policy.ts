/**
 * The library API: compile modules once, prepare a query, evaluate it many times.
 *
 * @example
 *   const compiled = compile({ modules: { 'p.rego': 'package p\nallow if input.ok' } });
 *   const q = compiled.prepare('data.p.allow');
 *   q.eval({ input: { ok: true } }); // [{ expressions: [{ value: true, text: 'data.p.allow', … }], bindings: {} }]
 */
import type { Body } from './ast.ts';
import type { BuiltinContext } from './builtins/types.ts';
import { compileModules, compileQuery, type CompiledPolicy } from './compiler.ts';
import { DEFAULT_LIMITS, Evaluator, type EvalLimits } from './eval.ts';
import { RegoError } from './errors.ts';
import { RObject, fromJSON, toJSON, type Value } from './value.ts';
import type { Env } from './env.ts';

export interface CompileRequest {
  /** File name → Rego source. */
  readonly modules: Readonly<Record<string, string>>;
  /** Base documents (`data`), as parsed JSON. */
  readonly data?: unknown;
  /** Parse modules as Rego v0 (keywords need `import rego.v1` / `future.keywords`). */
  readonly v0Compatible?: boolean;
}

export interface EvalRequest {
  /** The `input` document, as parsed JSON. Omit for "no input" (refs to input are undefined). */
  readonly input?: unknown;
  /** Builtin errors abort evaluation instead of making the expression undefined. */
  readonly strictBuiltinErrors?: boolean;
  readonly limits?: Partial<EvalLimits>;
  /** Milliseconds since the epoch; `time.now_ns` and the time budget read it. */
  readonly now?: () => number;
  /** Receives each `print(…)` line (opa eval writes them to stderr). */
  readonly print?: (line: string) => void;
}

export interface ExpressionResult {
  readonly value: unknown;
  readonly text: string;
  readonly location: { readonly row: number; readonly col: number };
}

/** One row of `opa eval --format json`'s `result`. */
export interface Result {
  readonly expressions: readonly ExpressionResult[];
  readonly bindings: Readonly<Record<string, unknown>>;
}

export type ResultSet = readonly Result[];

/** A solution as Rego values (exact numbers, sets kept as sets). */
export interface RawResult {
  readonly bindings: ReadonlyMap<string, Value>;
  readonly expressions: readonly Value[];
}

export class PreparedQuery {
  private readonly policy: CompiledPolicy;
  private readonly data: Value;
  private readonly body: Body;
  private readonly vars: readonly string[];
  private readonly texts: readonly string[];

  constructor(policy: CompiledPolicy, data: Value, query: string, v0: boolean) {
    this.policy = policy;
    this.data = data;
    const q = compileQuery(policy, query, { v0Compatible: v0 });
    this.body = q.body;
    this.vars = q.vars;
    this.texts = exprTexts(query, q.body);
  }

  /** Evaluate with Rego values in and out (used by the conformance runner and tests). */
  evalRaw(req: Omit<EvalRequest, 'input'> & { readonly input?: Value }): {
    results: RawResult[];
    prints: string[];
  } {
    const now = req.now ?? Date.now;
    const prints: string[] = [];
    const print = (line: string): void => {
      prints.push(line);
      req.print?.(line);
    };
    const ctx: BuiltinContext = {
      nowNs: BigInt(Math.floor(now())) * 1_000_000n,
      print,
      memo: new Map(),
    };
    const ev = new Evaluator(this.policy, {
      input: req.input,
      data: this.data,
      strictBuiltinErrors: req.strictBuiltinErrors === true,
      limits: { ...DEFAULT_LIMITS, ...req.limits },
      builtinContext: ctx,
      now,
    });
    const results: RawResult[] = [];
    guardStack(() => this.run(ev, results));
    return { results, prints };
  }

  private run(ev: Evaluator, results: RawResult[]): void {
    ev.query(this.body, (env) => {
      const bindings = new Map<string, Value>();
      for (const v of this.vars) {
        const x = env.get(v);
        if (x !== undefined) bindings.set(v, x);
      }
      results.push({ bindings, expressions: this.body.map((e) => exprValue(ev, e, env)) });
    });
  }

  /** Evaluate; the result has `opa eval --format json`'s `result` shape (empty when undefined). */
  eval(req: EvalRequest = {}): ResultSet {
    const input = req.input === undefined ? undefined : guardStack(() => fromJSON(req.input));
    const { results } = this.evalRaw({ ...req, input });
    return results.map((r) => ({
      expressions: r.expressions.map((v, i) => ({
        value: toJSON(v),
        text: this.texts[i] ?? '',
        location: { row: this.body[i]!.loc.row, col: this.body[i]!.loc.col },
      })),
      bindings: Object.fromEntries([...r.bindings].map(([k, v]) => [k, toJSON(v)])),
    }));
  }
}

/** Deep recursion (hostile nesting) becomes a coded error instead of a stray RangeError. */
function guardStack<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RangeError) {
      throw new RegoError(
        'eval_limit_error',
        'document or evaluation too deeply nested',
        undefined,
        { cause: err },
      );
    }
    throw err;
  }
}

function exprValue(ev: Evaluator, e: Body[number], env: Env): Value {
  if (e.kind !== 'term' || e.negated || e.term.t === 'call') {
    if (
      e.kind === 'term' &&
      !e.negated &&
      e.term.t === 'call' &&
      !['eq', 'assign'].includes(e.term.fn.join('.'))
    ) {
      let out: Value = true;
      ev.term(e.term, env, (v) => ((out = v), true));
      return out;
    }
    return true;
  }
  let out: Value = true;
  ev.term(e.term, env, (v) => ((out = v), true));
  return out;
}

function exprTexts(query: string, body: Body): string[] {
  const lines = query.split('\n');
  const offset = (row: number, col: number) =>
    lines.slice(0, row - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1;
  const starts = body.map((e) => offset(e.loc.row, e.loc.col));
  const sorted = [...starts].sort((a, b) => a - b);
  return starts.map((s) => {
    const next = sorted.find((x) => x > s) ?? query.length;
    return query.slice(s, next).replace(/[\s;]+$/, '');
  });
}

export class Compiled {
  readonly policy: CompiledPolicy;
  private readonly data: Value;
  private readonly v0: boolean;

  constructor(policy: CompiledPolicy, data: Value, v0: boolean) {
    this.policy = policy;
    this.data = data;
    this.v0 = v0;
  }

  /** Compile a query (`data.p.allow`, `x := data.p.deny[_]`). Throws RegoError. */
  prepare(query: string): PreparedQuery {
    return new PreparedQuery(this.policy, this.data, query, this.v0);
  }
}

/** Compile modules and base data. Throws RegoError (parse, compile, type errors). */
export function compile(req: CompileRequest): Compiled {
  const policy = guardStack(() =>
    compileModules(req.modules, { v0Compatible: req.v0Compatible === true }),
  );
  const data = req.data === undefined ? new RObject() : guardStack(() => fromJSON(req.data));
  if (!(data instanceof RObject))
    throw new RegoError('rego_compile_error', 'data must be an object');
  return new Compiled(policy, data, req.v0Compatible === true);
}

/** Like `compile`, but takes `data` as a Rego value (exact numbers). */
export function compileWithData(req: Omit<CompileRequest, 'data'>, data: Value): Compiled {
  const policy = compileModules(req.modules, { v0Compatible: req.v0Compatible === true });
  return new Compiled(policy, data, req.v0Compatible === true);
}
