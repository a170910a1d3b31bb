import { SigilError } from '../core/index.ts';

/**
 * OPA's error codes, kept verbatim so that callers (and the compliance suite) can match them.
 * `eval_limit_error` is ours: a policy ran out of its step or time budget.
 */
export type RegoErrorCode =
  | 'rego_parse_error'
  | 'rego_compile_error'
  | 'rego_type_error'
  | 'rego_unsafe_var_error'
  | 'rego_recursion_error'
  | 'eval_conflict_error'
  | 'eval_type_error'
  | 'eval_builtin_error'
  | 'eval_limit_error'
  | 'eval_internal_error';

export interface Location {
  readonly file: string;
  readonly row: number;
  readonly col: number;
}

/**
 * A coded Rego error. The message is OPA's form: `file:row: code: text` when a location is
 * known, otherwise `code: text`.
 */
export class RegoError extends SigilError {
  declare readonly code: RegoErrorCode;
  readonly detail: string;
  readonly location: Location | undefined;

  constructor(
    code: RegoErrorCode,
    detail: string,
    location?: Location,
    options?: { cause?: unknown },
  ) {
    super(
      code,
      location ? `${location.file}:${location.row}: ${code}: ${detail}` : `${code}: ${detail}`,
      options,
    );
    this.name = 'RegoError';
    this.detail = detail;
    this.location = location;
  }
}

/** Several compile errors at once, as OPA reports them ("N errors occurred: …"). */
export class RegoErrors extends RegoError {
  readonly errors: readonly RegoError[];

  constructor(errors: readonly RegoError[]) {
    const first = errors[0]!;
    super(first.code, first.detail, first.location);
    this.errors = errors;
    if (errors.length > 1) {
      this.message =
        `${errors.length} errors occurred:\n` + errors.map((e) => e.message).join('\n');
    }
  }
}

/** Thrown from builtins; the evaluator turns it into undefined unless errors are strict. */
export class BuiltinError extends Error {
  readonly code: 'eval_type_error' | 'eval_builtin_error';
  constructor(code: 'eval_type_error' | 'eval_builtin_error', message: string) {
    super(message);
    this.code = code;
  }
}
