/**
 * `opa test` conventions: every rule whose name starts with `test_` is a test that passes when
 * it evaluates to true; `todo_test_` rules are skipped.
 */
import type { Compiled } from './policy.ts';
import { RegoError } from './errors.ts';

export type TestOutcome = 'pass' | 'fail' | 'error' | 'skip';

export interface TestResult {
  /** `data.pkg.test_name` */
  readonly name: string;
  readonly file: string;
  readonly row: number;
  readonly outcome: TestOutcome;
  readonly durationMs: number;
  readonly error?: RegoError;
}

export interface RunTestsOptions {
  /** Only run tests whose full name matches. */
  readonly filter?: RegExp;
  readonly now?: () => number;
  readonly strictBuiltinErrors?: boolean;
}

/** Run every test rule, in file and source order. */
export function runTests(compiled: Compiled, opts: RunTestsOptions = {}): TestResult[] {
  const now = opts.now ?? Date.now;
  const seen = new Set<string>();
  const out: TestResult[] = [];
  for (const m of compiled.policy.modules) {
    for (const r of m.rules) {
      const head = r.ref[0];
      if (r.ref.length !== 1 || head?.t !== 'var' || r.kind === 'func') continue;
      const isTodo = head.name.startsWith('todo_test_');
      if (!head.name.startsWith('test_') && !isTodo) continue;
      const name = ['data', ...m.pkg, head.name].join('.');
      if (seen.has(name) || (opts.filter && !opts.filter.test(name))) continue;
      seen.add(name);
      const base = { name, file: m.file, row: r.loc.row };
      if (isTodo) {
        out.push({ ...base, outcome: 'skip', durationMs: 0 });
        continue;
      }
      const start = now();
      try {
        const rs = compiled
          .prepare(name)
          .evalRaw({ now, strictBuiltinErrors: opts.strictBuiltinErrors === true });
        const ok = rs.results.some((x) => x.expressions[0] === true);
        out.push({ ...base, outcome: ok ? 'pass' : 'fail', durationMs: now() - start });
      } catch (err) {
        if (!(err instanceof RegoError)) throw err;
        out.push({ ...base, outcome: 'error', durationMs: now() - start, error: err });
      }
    }
  }
  return out;
}
