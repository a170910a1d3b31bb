import path from 'node:path';
import { SigilError } from '../../core/index.ts';
import { compile, loadPaths, mergeData, runTests, type TestResult } from '../../policy/index.ts';
import type { Command } from '../command.ts';

const RULE = '-'.repeat(80);

/** `sigil policy test`: run Rego unit tests the way `opa test` does. */
export const policyTest: Command = {
  name: 'policy test',
  summary: 'Run Rego unit tests (rules named test_*), like opa test',
  usage: 'policy test [--v0-compatible] [-v] [-r REGEX] PATH...',
  options: {
    'v0-compatible': { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    run: { type: 'string', short: 'r' },
  },
  async run(ctx, values, positionals) {
    if (positionals.length === 0)
      throw new SigilError('USAGE', 'policy test needs at least one PATH');
    let filter: RegExp | undefined;
    if (typeof values.run === 'string') {
      try {
        filter = new RegExp(values.run);
      } catch (cause) {
        throw new SigilError('USAGE', `invalid --run pattern: ${values.run}`, { cause });
      }
    }
    const loaded = await loadPaths(positionals.map((p) => path.resolve(ctx.cwd, p)));
    const compiled = compile({
      modules: loaded.modules,
      data: mergeData(loaded.data),
      v0Compatible: values['v0-compatible'] === true,
    });
    const results = runTests(compiled, filter ? { filter } : {});
    ctx.stdout.write(render(results, values.verbose === true, ctx.cwd));
    return results.some((r) => r.outcome === 'fail' || r.outcome === 'error') ? 1 : 0;
  },
};

function render(results: readonly TestResult[], verbose: boolean, cwd: string): string {
  const lines: string[] = [];
  const shown = verbose ? results : results.filter((r) => r.outcome !== 'pass');
  let file = '';
  for (const r of shown) {
    if (r.file !== file) {
      if (file !== '') lines.push('');
      file = r.file;
      lines.push(`${path.relative(cwd, r.file) || r.file}:`);
    }
    const label = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skip: 'SKIPPED' }[r.outcome];
    lines.push(`${r.name}: ${label} (${formatMs(r.durationMs)})`);
    if (r.error) lines.push(`  ${r.error.message}`);
  }
  if (shown.length > 0) lines.push(RULE);
  const count = (o: TestResult['outcome']) => results.filter((r) => r.outcome === o).length;
  const n = results.length;
  if (count('pass') > 0) lines.push(`PASS: ${count('pass')}/${n}`);
  if (count('fail') > 0) lines.push(`FAIL: ${count('fail')}/${n}`);
  if (count('skip') > 0) lines.push(`SKIPPED: ${count('skip')}/${n}`);
  if (count('error') > 0) lines.push(`ERROR: ${count('error')}/${n}`);
  if (n === 0) lines.push('no tests found');
  return lines.join('\n') + '\n';
}

function formatMs(ms: number): string {
  return ms < 1 ? `${Math.round(ms * 1000)}µs` : `${ms.toFixed(1)}ms`;
}
