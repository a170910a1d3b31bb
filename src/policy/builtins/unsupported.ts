/**
 * Builtins OPA has that this engine knows by name but does not run. `http.send` is disabled
 * on purpose: a policy must not make network calls from inside the admission path. The rest
 * are not implemented yet. Knowing their names keeps policies that only mock them (`with`)
 * compiling, as they do under OPA. http.send lives in http-send.ts.
 */
import { BuiltinError } from '../errors.ts';
import type { Builtin } from './types.ts';
import { httpSend } from './http-send.ts';

const NAMES: readonly (readonly [string, number])[] = [['net.lookup_ip_addr', 1]];

export const unsupported: readonly Builtin[] = [
  httpSend,
  ...NAMES.map(([name, arity]) => ({
    name,
    arity,
    call() {
      throw new BuiltinError('eval_builtin_error', `${name}: not supported by this engine`);
    },
  })),
];
