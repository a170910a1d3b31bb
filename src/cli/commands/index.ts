import type { Command } from '../command.ts';
import { policyEval } from './policy-eval.ts';
import { policyTest } from './policy-test.ts';

/** Every command the CLI knows, in the order `sigil --help` lists them. */
export const COMMANDS: readonly Command[] = [policyEval, policyTest];
