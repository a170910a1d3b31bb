/** Rego policy engine (OPA-compatible). See policy.ts for the API. */
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
