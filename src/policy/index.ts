/**
 * Rego policy engine, OPA-compatible (measured against OPA's compliance suite:
 * `npm run conformance`; cases not passing yet are listed in conformance-known-failures.txt).
 *
 * Pipeline, one module per step:
 *   lexer.ts → parser.ts (AST in ast.ts, locations on every node; v1, or v0 with v0Compatible)
 *   → compiler.ts: rewrite.ts (rule names/imports → data refs, locals renamed),
 *     safety.ts (bodies reordered so every var is bound before use; unsafe vars reported),
 *     a TreeNode per static rule-head prefix under data
 *   → eval.ts: top-down, continuation-passing evaluation with unification; documents.ts builds
 *     virtual documents; context.ts scopes `with`; limits on steps, time and nesting
 *   → builtins/: one module per family, all named in builtins/index.ts (BUILTIN_FAMILIES).
 * Values (value.ts): integers are bigint (exact beyond 2^53), fractions IEEE doubles.
 *
 * @example
 *   const q = compile({ modules: { 'p.rego': src }, data }).prepare('data.admission.deny');
 *   const rs = q.eval({ input }); // opa eval --format json's `result`
 */
export { compile, compileWithData, Compiled, PreparedQuery } from './policy.ts';
export type {
  CompileRequest,
  EvalRequest,
  ExpressionResult,
  RawResult,
  Result,
  ResultSet,
} from './policy.ts';
export { RegoError, RegoErrors } from './errors.ts';
export type { RegoErrorCode, Location } from './errors.ts';
export { RObject, RSet, fromJSON, toJSON, stringifyJSON, compare, equal } from './value.ts';
export type { Value } from './value.ts';
export { DEFAULT_LIMITS } from './eval.ts';
export type { EvalLimits } from './eval.ts';
export { BUILTIN_FAMILIES } from './builtins/index.ts';
export { loadPaths, mergeData, DEFAULT_LOAD_LIMITS } from './load.ts';
export type { LoadLimits, LoadedPolicy } from './load.ts';
export { runTests } from './testing.ts';
export type { TestOutcome, TestResult, RunTestsOptions } from './testing.ts';
