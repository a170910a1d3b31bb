import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { SigilError } from '../core/index.ts';
import type { Command, CommandContext } from './command.ts';
import { runCli } from './run.ts';

function context(): { ctx: CommandContext; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c: Buffer) => (o += c.toString()));
  stderr.on('data', (c: Buffer) => (e += c.toString()));
  const ctx: CommandContext = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: {},
    cwd: process.cwd(),
    isTTY: false,
  };
  return { ctx, out: () => o, err: () => e };
}

const commands: Command[] = [
  {
    name: 'thing do',
    summary: 'two-word command',
    usage: 'thing do X',
    options: { flag: { type: 'string' } },
    run: async (ctx, values, positionals) => {
      ctx.stdout.write(`${String(values.flag)} ${positionals.join(',')}\n`);
      return 0;
    },
  },
  {
    name: 'fail',
    summary: 'throws a coded error',
    usage: 'fail',
    options: {},
    run: async () => {
      throw new SigilError('MANIFEST_UNKNOWN', 'manifest x not found');
    },
  },
  {
    name: 'bug',
    summary: 'throws an uncoded error',
    usage: 'bug',
    options: {},
    run: async () => {
      throw new TypeError('boom');
    },
  },
];

test('two-word commands get their options and positionals', async () => {
  const { ctx, out } = context();
  assert.equal(await runCli(['thing', 'do', '--flag', 'v', 'a', 'b'], ctx, commands), 0);
  assert.equal(out(), 'v a,b\n');
});

test('coded errors render as one line and exit 2, stack only with --debug', async () => {
  const plain = context();
  assert.equal(await runCli(['fail'], plain.ctx, commands), 2);
  assert.equal(plain.err(), 'sigil: MANIFEST_UNKNOWN: manifest x not found\n');
  const debug = context();
  assert.equal(await runCli(['fail', '--debug'], debug.ctx, commands), 2);
  assert.match(debug.err(), /^sigil: MANIFEST_UNKNOWN: .*\n.*at /s);
});

test('unknown options and commands are usage errors, exit 2', async () => {
  const a = context();
  assert.equal(await runCli(['thing', 'do', '--nope'], a.ctx, commands), 2);
  assert.match(a.err(), /^sigil: USAGE: .*--nope/);
  const b = context();
  assert.equal(await runCli(['nothing'], b.ctx, commands), 2);
  assert.match(b.err(), /^sigil: USAGE: unknown command/);
});

test('bugs are reported as INTERNAL without a stack unless --debug', async () => {
  const { ctx, err } = context();
  assert.equal(await runCli(['bug'], ctx, commands), 2);
  assert.equal(err().split('\n').length, 2);
  assert.match(err(), /^sigil: INTERNAL: boom/);
});
