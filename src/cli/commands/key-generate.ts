import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SigilError } from '../../core/index.ts';
import { generateKeyPair } from '../../sign/index.ts';
import type { Command } from '../command.ts';
import { passwordFor } from '../sign-options.ts';

/**
 * `sigil key generate`: a cosign-format key pair, `PREFIX.key` (encrypted with the password
 * from SIGIL_PASSWORD / COSIGN_PASSWORD / a prompt; empty allowed) and `PREFIX.pub`.
 */
export const keyGenerate: Command = {
  name: 'key generate',
  summary: 'Generate a cosign-compatible key pair (PREFIX.key, PREFIX.pub)',
  usage: 'key generate [--output-prefix cosign]',
  options: { 'output-prefix': { type: 'string' } },
  async run(ctx, values, positionals) {
    if (positionals.length > 0) throw new SigilError('USAGE', 'key generate takes no arguments');
    const prefix = typeof values['output-prefix'] === 'string' ? values['output-prefix'] : 'cosign';
    if (prefix === '') throw new SigilError('USAGE', '--output-prefix must not be empty');
    const password = await passwordFor(ctx, 'Enter password for private key: ');
    const pair = await generateKeyPair(password);
    const keyFile = resolve(ctx.cwd, `${prefix}.key`);
    const pubFile = resolve(ctx.cwd, `${prefix}.pub`);
    await writeNew(keyFile, pair.privateKeyPem, 0o600);
    await writeNew(pubFile, pair.publicKeyPem, 0o644);
    ctx.stderr.write(`Private key written to ${prefix}.key\nPublic key written to ${prefix}.pub\n`);
    return 0;
  },
};

// Never overwrite a key: losing a private key silently is worse than a failed command.
async function writeNew(file: string, text: string, mode: number): Promise<void> {
  let fh;
  try {
    fh = await open(file, 'wx', mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new SigilError('FILE_EXISTS', `${file} exists; remove it or choose --output-prefix`);
    }
    throw err;
  }
  try {
    await fh.writeFile(text);
  } finally {
    await fh.close();
  }
}
