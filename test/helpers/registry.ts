import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startTokenServer, type TokenServer } from './token-server.ts';

/**
 * Debian's real docker-registry (distribution 2.8) for tests, in three flavours:
 * `plain` (anonymous), `basic` (htpasswd, bcrypt) and `token` (Bearer tokens from an in-process
 * token server, JWTs signed with a key whose self-signed certificate is the registry's
 * rootcertbundle).
 */
export type RegistryKind = 'plain' | 'basic' | 'token';

export interface TestRegistry {
  readonly kind: RegistryKind;
  /** `127.0.0.1:<port>`, usable as a reference's registry. */
  readonly host: string;
  /** The registry's storage root: `docker/registry/v2/blobs/sha256/<2>/<hex>/data` under it. */
  readonly storageDir: string;
  readonly username?: string;
  readonly password?: string;
}

export interface RunningRegistry extends TestRegistry {
  stop(): Promise<void>;
}

export const REGISTRY_BINARY = '/usr/bin/docker-registry';
/** Env var carrying a running registry's TestRegistry as JSON, set by scripts/run-tests.ts. */
export const registryEnvVar = (kind: RegistryKind) => `SIGIL_TEST_REGISTRY_${kind.toUpperCase()}`;

const USERNAME = 'sigil';
const READY_TIMEOUT_MS = 15_000;

export function registryBinaryAvailable(): boolean {
  return existsSync(REGISTRY_BINARY);
}

/**
 * Reason to skip registry tests, or undefined when they can run. With CI set, a missing
 * binary is not a reason: the tests then fail in testRegistry().
 */
export function registrySkipReason(env = process.env): string | undefined {
  if (registryBinaryAvailable() || env.CI) return undefined;
  return `${REGISTRY_BINARY} not installed (apt-get install docker-registry); skipping real-registry tests`;
}

/** Start a registry of `kind` on 127.0.0.1, a free port and a fresh storage directory. */
export async function startRegistry(kind: RegistryKind): Promise<RunningRegistry> {
  if (!registryBinaryAvailable())
    throw new Error(`${REGISTRY_BINARY} not installed (apt-get install docker-registry)`);
  const dir = mkdtempSync(join(tmpdir(), `sigil-registry-${kind}-`));
  const storageDir = join(dir, 'storage');
  const password = kind === 'plain' ? undefined : randomBytes(12).toString('hex');
  let tokens: TokenServer | undefined;
  try {
    let auth = '';
    if (kind === 'basic') auth = basicAuthConfig(dir, password!);
    if (kind === 'token') {
      tokens = await startTokenServer({ dir, username: USERNAME, password: password! });
      auth = tokens.registryConfig;
    }
    const config = join(dir, 'config.yml');
    writeFileSync(config, registryConfig(storageDir, auth));
    const logFile = join(dir, 'registry.log');
    const logFd = openSync(logFile, 'w');
    const child = spawn(REGISTRY_BINARY, ['serve', config], { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    child.unref();
    const host = await waitForListen(child, logFile);
    await waitForReady(host);
    const stop = stopper(child, dir, tokens);
    return { kind, host, storageDir, ...(password ? { username: USERNAME, password } : {}), stop };
  } catch (err) {
    await tokens?.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function basicAuthConfig(dir: string, password: string): string {
  const file = join(dir, 'htpasswd');
  // bcrypt is the only hash distribution's htpasswd backend accepts.
  writeFileSync(file, execFileSync('htpasswd', ['-Bbn', USERNAME, password], { encoding: 'utf8' }));
  return `auth:\n  htpasswd:\n    realm: sigil-test\n    path: ${file}\n`;
}

function registryConfig(storageDir: string, auth: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storageDir}`,
    '  delete:',
    '    enabled: true',
    'http:',
    '  addr: 127.0.0.1:0',
    `  secret: ${randomBytes(16).toString('hex')}`,
    auth,
  ].join('\n');
}

// The registry logs `listening on 127.0.0.1:<port>` once bound; port 0 avoids port races.
// Its log goes to a file, not a pipe, so a chatty registry never blocks and holds no handle.
async function waitForListen(child: ChildProcess, logFile: string): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `docker-registry exited (${code ?? signal})`));
  child.once('error', (err) => (exited = `docker-registry failed: ${err.message}`));
  while (Date.now() < deadline && exited === undefined) {
    const m = /listening on (127\.0\.0\.1:\d+)/.exec(readFileSync(logFile, 'utf8'));
    if (m !== null) return m[1]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  const log = readFileSync(logFile, 'utf8').slice(-2000);
  throw new Error(`${exited ?? 'docker-registry did not start listening'}\n${log}`);
}

async function waitForReady(host: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const resp = await fetch(`http://${host}/v2/`);
      await resp.body?.cancel();
      if (resp.status === 200 || resp.status === 401) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry at ${host} did not answer /v2/`);
}

function stopper(
  child: ChildProcess,
  dir: string,
  tokens: TokenServer | undefined,
): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    await tokens?.close();
    rmSync(dir, { recursive: true, force: true });
  };
}

const ownRegistries = new Map<RegistryKind, Promise<RunningRegistry>>();

/**
 * The registry of `kind` for this test run: the one scripts/run-tests.ts started (from the
 * env), or, when a test file runs alone, one started here and stopped when the process exits.
 */
export async function testRegistry(kind: RegistryKind, env = process.env): Promise<TestRegistry> {
  const shared = env[registryEnvVar(kind)];
  if (shared) return JSON.parse(shared) as TestRegistry;
  let own = ownRegistries.get(kind);
  if (own === undefined) {
    own = startRegistry(kind);
    ownRegistries.set(kind, own);
    const reg = await own;
    process.once('exit', () => {
      // Synchronous cleanup: the event loop is gone by now.
      reg.stop().catch(() => {});
      rmSync(join(reg.storageDir, '..'), { recursive: true, force: true });
    });
  }
  return own;
}

/** Where the registry stores a blob's bytes, for tests that corrupt it. */
export function blobDataPath(reg: TestRegistry, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(
    reg.storageDir,
    'docker',
    'registry',
    'v2',
    'blobs',
    'sha256',
    hex.slice(0, 2),
    hex,
    'data',
  );
}

/** A repository name no other test uses. */
export function uniqueRepo(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/**
 * RegistryClient options for a test registry: its credentials (if any), no credential files
 * or helpers of the machine running the tests, no SIGIL_INSECURE_REGISTRIES from outside.
 */
export function registryClientOptions(reg: TestRegistry): {
  env: Record<string, string>;
  credentials: () => Promise<undefined>;
  username?: string;
  password?: string;
} {
  return {
    env: {},
    credentials: () => Promise.resolve(undefined),
    ...(reg.username !== undefined && reg.password !== undefined
      ? { username: reg.username, password: reg.password }
      : {}),
  };
}
