import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SigilError } from '../../core/index.ts';
import { attestImage, predicateTypeUri } from '../../sign/index.ts';
import type { Command } from '../command.ts';
import { REGISTRY_OPTIONS, positionalArgs } from '../image-options.ts';
import { signingKey, signingTarget, warnIfTag } from '../sign-options.ts';

/** Largest predicate file read (SBOMs can be large, but not unbounded). */
const MAX_PREDICATE_BYTES = 64 * 1024 * 1024;

export const TYPE_OPTION = { type: { type: 'string' } } as const;

/** `--type` as a predicateType URI: cosign's short names or any URI. */
export function predicateTypeOption(value: unknown, fallback?: string): string {
  const name = typeof value === 'string' ? value : fallback;
  if (name === undefined) throw new SigilError('USAGE', '--type is required');
  const uri = predicateTypeUri(name);
  if (uri === undefined) {
    throw new SigilError('USAGE', `--type ${JSON.stringify(name)}: not a known type or a URI`);
  }
  return uri;
}

/** `sigil attest`: an in-toto statement about the image, DSSE-signed, under `sha256-<hex>.att`. */
export const attest: Command = {
  name: 'attest',
  summary: 'Attach a signed in-toto attestation (DSSE) to an image, as cosign does',
  usage: 'attest --key KEY --type TYPE|URI --predicate FILE IMAGE',
  options: {
    key: { type: 'string' },
    predicate: { type: 'string' },
    ...TYPE_OPTION,
    ...REGISTRY_OPTIONS,
  },
  async run(ctx, values, positionals) {
    const [image] = positionalArgs(positionals, ['IMAGE']) as [string];
    const predicateType = predicateTypeOption(values['type'], 'custom');
    const file = values['predicate'];
    if (typeof file !== 'string') throw new SigilError('USAGE', '--predicate FILE is required');
    const predicate = await readPredicate(resolve(ctx.cwd, file));
    const key = await signingKey(ctx, values);
    const target = await signingTarget(ctx, values, image);
    warnIfTag(ctx, target, image);
    const r = await attestImage(target.store, {
      imageDigest: target.imageDigest,
      subjectName: target.identity,
      predicateType,
      predicate,
      key,
    });
    ctx.stderr.write(`Attested ${target.identity}@${target.imageDigest} (${r.tag})\n`);
    return 0;
  },
};

async function readPredicate(file: string): Promise<unknown> {
  const { size } = await stat(file);
  if (size > MAX_PREDICATE_BYTES) {
    throw new SigilError('INPUT_TOO_LARGE', `${file}: ${size} bytes, limit ${MAX_PREDICATE_BYTES}`);
  }
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (cause) {
    throw new SigilError('PREDICATE_INVALID', `${file} is not JSON`, { cause });
  }
}
