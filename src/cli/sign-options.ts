import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { KeyObject } from 'node:crypto';
import type { ParseArgsConfig } from 'node:util';
import { SigilError } from '../core/index.ts';
import {
  loadPrivateKey,
  loadPublicKey,
  openSigningTarget,
  resolvePassword,
  type SigningKey,
  type SigningTarget,
} from '../sign/index.ts';
import type { CommandContext, OptionValues } from './command.ts';
import { registryOptions } from './image-options.ts';

/** `--key FILE` and cosign's `-a key=value`. */
export const KEY_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  key: { type: 'string' },
  annotations: { type: 'string', short: 'a', multiple: true },
};

const MAX_KEY_FILE = 64 * 1024;

/** Key file contents: bounded, and a clear usage error when --key is missing. */
async function readKeyFile(ctx: CommandContext, values: OptionValues): Promise<string> {
  const path = values['key'];
  if (typeof path !== 'string' || path === '')
    throw new SigilError('USAGE', '--key FILE is required');
  const bytes = await readFile(resolve(ctx.cwd, path));
  if (bytes.length > MAX_KEY_FILE)
    throw new SigilError('INPUT_TOO_LARGE', `${path}: not a key file`);
  return bytes.toString('utf8');
}

/** Password from SIGIL_PASSWORD, COSIGN_PASSWORD, else a prompt on a terminal. */
export function passwordFor(ctx: CommandContext, question?: string): Promise<string> {
  const prompt = ctx.isTTY
    ? async (q: string) => {
        const rl = createInterface({ input: ctx.stdin, output: ctx.stderr, terminal: false });
        try {
          return await rl.question(q);
        } finally {
          rl.close();
        }
      }
    : undefined;
  return resolvePassword({ env: ctx.env, ...(prompt && { prompt }) }, question);
}

/** The private key of `--key`, decrypted with the password when it is encrypted. */
export async function signingKey(ctx: CommandContext, values: OptionValues): Promise<SigningKey> {
  return loadPrivateKey(await readKeyFile(ctx, values), () => passwordFor(ctx));
}

/** Public keys from `--key`: a public key (PEM, certificate) or a private key to derive one from. */
export async function verifyKeys(ctx: CommandContext, values: OptionValues): Promise<KeyObject[]> {
  const pem = await readKeyFile(ctx, values);
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    return [(await loadPrivateKey(pem, () => passwordFor(ctx))).publicKey];
  }
  return [loadPublicKey(pem)];
}

/** `-a key=value` pairs; a later key wins, as in cosign. */
export function annotationsOption(values: OptionValues): Record<string, string> | undefined {
  const raw = values['annotations'];
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const item of raw.map(String)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new SigilError('USAGE', `-a expects key=value, got ${JSON.stringify(item)}`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** The image a signing command works on, with the registry options of the command line. */
export function signingTarget(
  ctx: CommandContext,
  values: OptionValues,
  image: string,
): Promise<SigningTarget> {
  return openSigningTarget(image, registryOptions(ctx, values));
}

/** cosign's warning when an image is named by tag: what is signed is what the tag is now. */
export function warnIfTag(ctx: CommandContext, target: SigningTarget, image: string): void {
  if (!target.byTag) return;
  ctx.stderr.write(
    `sigil: warning: ${image} is a tag, not a digest; using ${target.imageDigest}, what it points at now. ` +
      `Name images by digest (IMAGE@${target.imageDigest}) so what you sign is what you meant.\n`,
  );
}
