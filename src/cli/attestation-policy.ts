import { readFile } from 'node:fs/promises';
import { SigilError } from '../core/index.ts';
import { compile } from '../policy/index.ts';

/** The query cosign asks of a `verify-attestation --policy` Rego module. */
export const ATTESTATION_POLICY_QUERY = 'data.signature.allow';
const MAX_POLICY_BYTES = 1024 * 1024;

/**
 * Load a Rego attestation policy as cosign's `verify-attestation --policy` reads one:
 * `package signature` with a boolean `allow`, evaluated with the in-toto statement as `input`.
 * Returns a check that says, per statement, whether the policy allows it.
 */
export async function loadAttestationPolicy(
  file: string,
): Promise<(statement: unknown) => boolean> {
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    throw new SigilError('POLICY_UNREADABLE', `cannot read policy ${file}`, { cause: err });
  });
  if (text.length > MAX_POLICY_BYTES) {
    throw new SigilError('POLICY_TOO_LARGE', `policy ${file} is over ${MAX_POLICY_BYTES} bytes`);
  }
  const query = compile({ modules: { [file]: text } }).prepare(ATTESTATION_POLICY_QUERY);
  return (statement) => {
    const results = query.eval({ input: statement });
    return results.length > 0 && results[0]?.expressions[0]?.value === true;
  };
}
