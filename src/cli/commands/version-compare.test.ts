import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { CommandContext } from '../command.ts';
import { COMMANDS } from './index.ts';
import { versionCompare } from './version-compare.ts';

async function run(
  values: Record<string, string>,
  positionals: string[],
): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const ctx: CommandContext = {
    stdout,
    stderr: new PassThrough(),
    stdin: Readable.from([]),
    env: {},
    cwd: '/',
    isTTY: false,
  };
  const code = await versionCompare.run(ctx, values, positionals);
  return { code, out };
}

describe('sigil version compare', () => {
  it('is registered', () => assert.ok(COMMANDS.includes(versionCompare)));

  it('prints lt, eq or gt', async () => {
    assert.deepEqual(await run({ ecosystem: 'Debian:12' }, ['1.0~rc1', '1.0']), {
      code: 0,
      out: 'lt\n',
    });
    assert.deepEqual(await run({ ecosystem: 'PyPI' }, ['2017.11.05', '2017.11.5']), {
      code: 0,
      out: 'eq\n',
    });
    assert.deepEqual(await run({ ecosystem: 'Alpine:v3.18' }, ['1.2.3-r1', '1.2.3_rc1-r5']), {
      code: 0,
      out: 'gt\n',
    });
  });

  it('fails with coded errors', async () => {
    await assert.rejects(run({}, ['1', '2']), { code: 'USAGE' });
    await assert.rejects(run({ ecosystem: 'npm' }, ['1.0.0']), { code: 'USAGE' });
    await assert.rejects(run({ ecosystem: 'Nope' }, ['1', '2']), { code: 'ECOSYSTEM_UNKNOWN' });
    await assert.rejects(run({ ecosystem: 'npm' }, ['1.0.0', 'banana']), {
      code: 'VERSION_INVALID',
    });
  });
});
