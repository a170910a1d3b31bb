/**
 * Builtins OPA has that this engine knows by name but does not run. `http.send` is disabled
 * on purpose: a policy must not make network calls from inside the admission path. The rest
 * are not implemented yet. Knowing their names keeps policies that only mock them (`with`)
 * compiling, as they do under OPA.
 */
import { BuiltinError } from '../errors.ts';
import type { Builtin } from './types.ts';

const NAMES: readonly (readonly [string, number])[] = [
  ['http.send', 1],
  ['net.lookup_ip_addr', 1],
];

export const unsupported: readonly Builtin[] = NAMES.map(([name, arity]) => ({
  name,
  arity,
  call() {
    throw new BuiltinError('eval_builtin_error', `${name}: not supported by this engine`);
  },
}));
