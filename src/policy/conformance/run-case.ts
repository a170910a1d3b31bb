/** Run one compliance case through the engine and say whether it passes, and if not why. */
import { compileWithData } from '../policy.ts';
import { RegoError } from '../errors.ts';
import { RObject, compare, fromJSON, keyOf, toJSON, type Value } from '../value.ts';
import type { ComplianceCase } from './cases.ts';

export type CaseOutcome =
  { readonly pass: true } | { readonly pass: false; readonly reason: string };

// Steps bound runaway cases deterministically; the time budget is only a backstop.
const LIMITS = { maxSteps: 2_000_000, timeoutMs: 60_000 };
/** The suite's time-dependent cases assume a recent clock; a fixed one keeps runs repeatable. */
const NOW = () => Date.UTC(2026, 0, 1);

export function runCase(c: ComplianceCase): CaseOutcome {
  const wantsError = c.wantError !== undefined || c.wantErrorCode !== undefined;
  let rows: Map<string, Value>[];
  try {
    rows = evaluate(c);
  } catch (err) {
    if (!(err instanceof RegoError))
      return { pass: false, reason: `crash: ${oneLine(String(err))}` };
    if (!wantsError) return { pass: false, reason: `unexpected error: ${oneLine(err.message)}` };
    if (c.wantErrorCode !== undefined && err.code !== c.wantErrorCode) {
      return { pass: false, reason: `wrong error code ${err.code}, want ${c.wantErrorCode}` };
    }
    if (c.wantError !== undefined && !err.message.includes(c.wantError)) {
      return { pass: false, reason: `wrong error message: ${oneLine(err.message)}` };
    }
    return { pass: true };
  }
  if (wantsError)
    return { pass: false, reason: `no error, want ${c.wantErrorCode ?? c.wantError}` };
  if (!c.wantResult) return { pass: false, reason: 'case has no expectation' };
  const got = canonicalRows(rows, c.sortBindings);
  const want = canonicalRows(
    c.wantResult.map((r) => new Map(Object.entries(r).map(([k, v]) => [k, fromJSON(v)]))),
    c.sortBindings,
  );
  if (got.join('\n') !== want.join('\n'))
    return { pass: false, reason: `wrong result: got ${got.length} rows, want ${want.length}` };
  return { pass: true };
}

function evaluate(c: ComplianceCase): Map<string, Value>[] {
  const modules = Object.fromEntries(c.modules.map((m, i) => [`test-${i}.rego`, m]));
  const data = c.data === undefined || c.data === null ? new RObject() : fromJSON(c.data);
  const compiled = compileWithData({ modules, v0Compatible: c.version === 'v0' }, data);
  let input: Value | undefined = c.input === undefined ? undefined : fromJSON(c.input);
  if (c.inputTerm !== undefined) {
    const r = compiled.prepare(`__input__ = ${c.inputTerm}`).evalRaw({ now: NOW });
    input = r.results[0]?.bindings.get('__input__');
  }
  const q = compiled.prepare(c.query);
  return q
    .evalRaw({ input, strictBuiltinErrors: c.strictError, limits: LIMITS, now: NOW })
    .results.map((r) => new Map(r.bindings));
}

// Bindings as JSON-shaped values (sets become arrays, as OPA's runner compares them).
function canonicalRows(rows: readonly Map<string, Value>[], sortBindings: boolean): string[] {
  return rows
    .map((r) => {
      const keys = [...r.keys()].filter((k) => !k.startsWith('__')).sort();
      return keys
        .map((k) => {
          let v = fromJSON(toJSON(r.get(k)!));
          if (sortBindings && Array.isArray(v)) v = [...v].sort(compare);
          return `${k}=${keyOf(v)}`;
        })
        .join(';');
    })
    .sort();
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').slice(0, 160);
}
