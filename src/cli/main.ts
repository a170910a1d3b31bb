#!/usr/bin/env node
import { runCli } from './run.ts';

// The process edge: real stdio, real environment, exit code from the command.
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = code;
