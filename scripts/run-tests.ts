/**
 * `npm test`: starts the real registries the tests talk to ONCE, runs every test file with
 * `node --test --test-concurrency=2` (same Node binary), stops the registries (also on failure
 * or a signal) and exits with the test runner's code.
 *
 *   node scripts/run-tests.ts                 all of src/**\/*.test.ts and test/**\/*.test.ts
 *   node scripts/run-tests.ts FILE…           only those files (registries still shared)
 *
 * Environment it sets for the tests (read by test/helpers/registry.ts `testRegistry(kind)`):
 *   SIGIL_TEST_REGISTRY_PLAIN   JSON {"kind","host","storageDir"} of an anonymous registry
 *   SIGIL_TEST_REGISTRY_BASIC   same plus "username","password": htpasswd (bcrypt) Basic auth
 *   SIGIL_TEST_REGISTRY_TOKEN   same plus "username","password": Bearer tokens from a token
 *                               server in this process (JWT, x5c, registry rootcertbundle)
 * `host` is `127.0.0.1:<port>`; `storageDir` is the registry's filesystem storage root.
 *
 *   SIGIL_SKOPEO, SIGIL_COSIGN  paths of the interop peers, when not set already: the copies
 *                               `scripts/fetch-interop-tools.sh` leaves in .cache/tools/bin
 *
 * Environment it reads:
 *   CI   when set and /usr/bin/docker-registry is missing, registry tests fail instead of
 *        being skipped.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  registryBinaryAvailable,
  registryEnvVar,
  startRegistry,
  type RegistryKind,
  type RunningRegistry,
} from '../test/helpers/registry.ts';

const KINDS: readonly RegistryKind[] = ['plain', 'basic', 'token'];
const DEFAULT_PATTERNS = ['src/**/*.test.ts', 'test/**/*.test.ts'];

async function main(): Promise<number> {
  const registries: RunningRegistry[] = [];
  const stopAll = () => Promise.allSettled(registries.splice(0).map((r) => r.stop()));
  let child: ReturnType<typeof spawn> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    child?.kill(signal);
    void stopAll().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const env = { ...process.env };
    for (const [name, variable] of [
      ['skopeo', 'SIGIL_SKOPEO'],
      ['cosign', 'SIGIL_COSIGN'],
    ] as const) {
      const cached = fileURLToPath(new URL(`../.cache/tools/bin/${name}`, import.meta.url));
      if (env[variable] === undefined && existsSync(cached)) env[variable] = cached;
    }
    if (registryBinaryAvailable()) {
      const started = await Promise.allSettled(KINDS.map((kind) => startRegistry(kind)));
      for (const result of started)
        if (result.status === 'fulfilled') registries.push(result.value);
      const failed = started.find((r) => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      for (const reg of registries) {
        const { stop: _stop, ...shared } = reg;
        env[registryEnvVar(reg.kind)] = JSON.stringify(shared);
      }
    } else {
      process.stderr.write(
        'run-tests: /usr/bin/docker-registry not installed; registry tests will ' +
          (process.env.CI ? 'fail (CI is set)\n' : 'be skipped\n'),
      );
    }
    const files = process.argv.slice(2);
    const args = [
      '--test',
      '--test-concurrency=2',
      ...(files.length > 0 ? files : DEFAULT_PATTERNS),
    ];
    child = spawn(process.execPath, args, { stdio: 'inherit', env });
    return await new Promise<number>((resolve) => {
      child!.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
      child!.once('error', () => resolve(1));
    });
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`run-tests: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
