import { SigilError } from '../../core/index.ts';
import { compareVersions } from '../../vulndb/index.ts';
import type { Command } from '../command.ts';

const WORDS = { [-1]: 'lt', 0: 'eq', 1: 'gt' } as const;

/** `sigil version compare --ecosystem E A B`: prints lt, eq or gt under E's version ordering. */
export const versionCompare: Command = {
  name: 'version compare',
  summary: "Compare two versions with an ecosystem's ordering (prints lt, eq or gt)",
  usage: 'version compare --ecosystem ECOSYSTEM A B',
  options: {
    ecosystem: { type: 'string', short: 'e' },
  },
  async run(ctx, values, positionals) {
    const ecosystem = values['ecosystem'];
    if (typeof ecosystem !== 'string' || ecosystem === '') {
      throw new SigilError(
        'USAGE',
        '--ecosystem is required (an OSV ecosystem such as Debian:12, npm, PyPI)',
      );
    }
    if (positionals.length !== 2) {
      throw new SigilError('USAGE', `expected two versions, got ${positionals.length}`);
    }
    const [a, b] = positionals as [string, string];
    ctx.stdout.write(`${WORDS[compareVersions(ecosystem, a, b)]}\n`);
    return 0;
  },
};
