import type { Value } from '../value.ts';

/** What a builtin may use besides its arguments: injected so tests control time. */
export interface BuiltinContext {
  /** Nanoseconds since the epoch, fixed for one evaluation (OPA's `time.now_ns`). */
  readonly nowNs: bigint;
  /** Receives `print(…)` output, one line per call. */
  readonly print: (line: string) => void;
  /** Per-evaluation memory for builtins that must answer the same within one evaluation. */
  readonly memo: Map<string, Value>;
}

/**
 * One builtin function. `call` returns undefined for "undefined" and throws BuiltinError
 * (eval_type_error / eval_builtin_error) for bad operands; the evaluator decides whether that
 * error surfaces (strict mode) or makes the expression undefined.
 */
export interface Builtin {
  readonly name: string;
  readonly arity: number;
  /** A relation (like `walk`): `call` returns an array holding every output. */
  readonly relation?: boolean;
  call(args: readonly Value[], ctx: BuiltinContext): Value | undefined;
}
