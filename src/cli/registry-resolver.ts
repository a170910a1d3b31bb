import { parseReference, RegistryClient } from '../oci/index.ts';

/**
 * Tag → digest through the registry (HEAD, then GET), for `pin` and `ledger`. One client per
 * process, so tokens are reused across the references of a run. Credentials and insecure
 * registries come from the environment (Docker/containers auth files, SIGIL_INSECURE_REGISTRIES).
 */
export function registryResolver(
  env: Readonly<Record<string, string | undefined>>,
): (reference: string) => Promise<string> {
  let client: RegistryClient | undefined;
  return async (reference) => {
    client ??= new RegistryClient({ env });
    return client.resolveDigest(parseReference(reference));
  };
}
