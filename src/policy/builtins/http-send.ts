/**
 * http.send is disabled on purpose: a policy must not make network calls from inside the
 * admission path. Its request object is still checked as OPA checks it, so a malformed call
 * reports the same type error it would under OPA.
 */
import { BuiltinError } from '../errors.ts';
import { stringifyJSON } from '../value.ts';
import { def, obj } from './args.ts';
import type { Builtin } from './types.ts';

const ALLOWED = new Set([
  'method',
  'url',
  'body',
  'raw_body',
  'headers',
  'enable_redirect',
  'force_json_decode',
  'force_yaml_decode',
  'tls_use_system_certs',
  'tls_ca_cert',
  'tls_ca_cert_file',
  'tls_ca_cert_env_variable',
  'tls_client_cert',
  'tls_client_cert_file',
  'tls_client_cert_env_variable',
  'tls_client_key',
  'tls_client_key_file',
  'tls_client_key_env_variable',
  'tls_insecure_skip_verify',
  'tls_server_name',
  'timeout',
  'cache',
  'force_cache',
  'force_cache_duration_seconds',
  'raise_error',
  'caching_mode',
  'max_retry_attempts',
  'cache_ignored_headers',
]);
const REQUIRED = ['method', 'url'];

const keySet = (keys: readonly string[]) => `{${keys.map((k) => stringifyJSON(k)).join(', ')}}`;

export const httpSend: Builtin = def('http.send', 1, (args) => {
  const req = obj('http.send', args, 0);
  const keys = req.keys().map((k) => (typeof k === 'string' ? k : stringifyJSON(k)));
  const invalid = keys.filter((k) => !ALLOWED.has(k)).sort();
  if (invalid.length > 0)
    throw new BuiltinError(
      'eval_type_error',
      `http.send: invalid request parameters(s): ${keySet(invalid)}`,
    );
  const missing = REQUIRED.filter((k) => !keys.includes(k));
  if (missing.length > 0)
    throw new BuiltinError(
      'eval_type_error',
      `http.send: missing required request parameters(s): ${keySet(missing)}`,
    );
  throw new BuiltinError('eval_builtin_error', 'http.send: not supported by this engine');
});
