import type { ParseArgsConfig } from 'node:util';
import { SigilError, type EventSink } from '../core/index.ts';
import { parsePlatform, type OpenImageOptions, type Platform } from '../oci/index.ts';
import type { CommandContext, OptionValues } from './command.ts';

/** Options of every command that reaches images in registries. */
export const REGISTRY_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  creds: { type: 'string' },
  'insecure-registry': { type: 'string', multiple: true },
};

export const PLATFORM_OPTION: NonNullable<ParseArgsConfig['options']> = {
  platform: { type: 'string' },
};

/** Registry client options from `--creds USER[:PASSWORD]`, `--insecure-registry` and the environment. */
export function registryOptions(
  ctx: CommandContext,
  values: OptionValues,
  events?: EventSink,
): OpenImageOptions {
  const insecure = values['insecure-registry'];
  const opts: OpenImageOptions = {
    env: ctx.env,
    ...(events ? { events } : {}),
    ...(Array.isArray(insecure) ? { insecureRegistries: insecure.map(String) } : {}),
  };
  const creds = values['creds'];
  if (typeof creds !== 'string') return opts;
  const colon = creds.indexOf(':');
  const username = colon < 0 ? creds : creds.slice(0, colon);
  if (username === '') throw new SigilError('USAGE', '--creds needs USER[:PASSWORD]');
  const password = colon < 0 ? (ctx.env['SIGIL_REGISTRY_PASSWORD'] ?? '') : creds.slice(colon + 1);
  return { ...opts, username, password };
}

export function platformOption(values: OptionValues): Platform | undefined {
  const p = values['platform'];
  return typeof p === 'string' ? parsePlatform(p) : undefined;
}

/** The one positional an image command needs, or a usage error. */
export function positionalArgs(positionals: readonly string[], names: readonly string[]): string[] {
  if (positionals.length !== names.length) {
    throw new SigilError(
      'USAGE',
      `expected ${names.join(' ')}, got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}`,
    );
  }
  return [...positionals];
}
