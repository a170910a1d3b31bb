import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { OciError } from '../errors.ts';
import { DOCKER_HUB } from '../reference.ts';
import { runCredentialHelper } from './credential-helper.ts';

/** What a registry login yields: a user and password, or an OAuth2 refresh token. */
export type Credential =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'identity-token'; readonly token: string };

export interface CredentialSources {
  /** Environment for REGISTRY_AUTH_FILE, XDG_RUNTIME_DIR, DOCKER_CONFIG and helpers' PATH. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Home directory holding `.docker/config.json`; default os.homedir(). */
  readonly home?: string;
  readonly helperTimeoutMs?: number;
}

const CONFIG_LIMIT = 1024 * 1024;
/** The key Docker stores Docker Hub credentials under. */
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', 'registry-1.docker.io']);

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
  identitytoken?: unknown;
}
interface ConfigFile {
  auths?: Record<string, AuthEntry>;
  credsStore?: unknown;
  credHelpers?: Record<string, unknown>;
}

/**
 * Credentials for `registry` from the files Docker and Podman keep, in Podman's order:
 * `$REGISTRY_AUTH_FILE` (else `$XDG_RUNTIME_DIR/containers/auth.json`), then
 * `$DOCKER_CONFIG/config.json` (else `~/.docker/config.json`). Within a file, a `credHelpers`
 * entry wins, then `credsStore`, then `auths`. Undefined when none has an entry.
 */
export async function findCredential(
  registry: string,
  sources: CredentialSources = {},
): Promise<Credential | undefined> {
  const env = sources.env ?? process.env;
  for (const file of configFiles(env, sources.home ?? homedir())) {
    const config = await readConfig(file);
    if (config === undefined) continue;
    const found = await fromConfig(config, registry, file, env, sources.helperTimeoutMs);
    if (found !== undefined) return found;
  }
  return undefined;
}

function configFiles(env: Readonly<Record<string, string | undefined>>, home: string): string[] {
  const files: string[] = [];
  if (env.REGISTRY_AUTH_FILE) files.push(env.REGISTRY_AUTH_FILE);
  else if (env.XDG_RUNTIME_DIR) files.push(join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
  files.push(join(env.DOCKER_CONFIG ?? join(home, '.docker'), 'config.json'));
  return files;
}

async function readConfig(file: string): Promise<ConfigFile | undefined> {
  try {
    if ((await stat(file)).size > CONFIG_LIMIT) {
      throw new OciError('CREDENTIALS_ERROR', `${file}: larger than ${CONFIG_LIMIT} bytes`);
    }
    const doc = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new OciError('CREDENTIALS_ERROR', `${file}: not a JSON object`);
    }
    return doc as ConfigFile;
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    if (err instanceof OciError) throw err;
    throw new OciError('CREDENTIALS_ERROR', `${file}: cannot read credentials`, { cause: err });
  }
}

async function fromConfig(
  config: ConfigFile,
  registry: string,
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs: number | undefined,
): Promise<Credential | undefined> {
  const serverUrl = registry === DOCKER_HUB ? DOCKER_HUB_KEY : registry;
  const helper = helperFor(config, registry) ?? stringOr(config.credsStore);
  if (helper !== undefined) {
    const found = await runCredentialHelper(helper, serverUrl, { env, timeoutMs });
    if (found !== undefined) return found;
  }
  const entry = authEntry(config.auths, registry);
  return entry === undefined ? undefined : decodeEntry(entry, `${file}: auths[${registry}]`);
}

function helperFor(config: ConfigFile, registry: string): string | undefined {
  const helpers = config.credHelpers;
  if (typeof helpers !== 'object' || helpers === null) return undefined;
  for (const [key, name] of Object.entries(helpers)) {
    if (sameRegistry(key, registry)) return stringOr(name);
  }
  return undefined;
}

function authEntry(auths: ConfigFile['auths'], registry: string): AuthEntry | undefined {
  if (typeof auths !== 'object' || auths === null) return undefined;
  for (const [key, entry] of Object.entries(auths)) {
    if (sameRegistry(key, registry) && typeof entry === 'object' && entry !== null) return entry;
  }
  return undefined;
}

// Keys may be `host`, `https://host`, `https://host/v1/`; keys scoped to a repository path
// (`quay.io/org`) are not used for the whole registry.
function sameRegistry(key: string, registry: string): boolean {
  const m = /^(?:https?:\/\/)?([^/]+)(\/v[12]\/?|\/)?$/.exec(key.trim());
  if (m === null) return false;
  const host = m[1]!;
  if (registry === DOCKER_HUB) return HUB_ALIASES.has(host);
  return host === registry;
}

function decodeEntry(entry: AuthEntry, where: string): Credential | undefined {
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
    return { kind: 'identity-token', token: entry.identitytoken };
  }
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0)
      throw new OciError('CREDENTIALS_ERROR', `${where}: "auth" is not base64 user:password`);
    return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string') {
    return { kind: 'basic', username: entry.username, password: entry.password };
  }
  return undefined;
}

function stringOr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
