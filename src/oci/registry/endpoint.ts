import { isIP } from 'node:net';
import { registryEndpoint } from '../reference.ts';

/** Env var naming registries reached over plain HTTP (comma list of `host[:port]`). */
export const INSECURE_REGISTRIES_ENV = 'SIGIL_INSECURE_REGISTRIES';

/**
 * Base URL of a registry's API. Plain HTTP only for loopback hosts and registries the user
 * named as insecure: anything else is HTTPS, so credentials never cross a network in clear.
 *
 * @example registryBaseUrl('127.0.0.1:5000', []) // http://127.0.0.1:5000
 */
export function registryBaseUrl(registry: string, insecure: readonly string[]): URL {
  const host = registryEndpoint(registry);
  const plain =
    isLoopback(hostnameOf(host)) || insecure.includes(registry) || insecure.includes(host);
  return new URL(`${plain ? 'http' : 'https'}://${host}`);
}

/** Parse `SIGIL_INSECURE_REGISTRIES`-style lists: commas, blanks ignored. */
export function parseInsecureList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}
