/** Result of normalising a name found in a layer. */
export type NormalisedPath =
  | { readonly ok: true; readonly parts: readonly string[]; readonly wasAbsolute: boolean }
  | { readonly ok: false; readonly reason: 'escapes-root' | 'too-long' | 'invalid' };

export const MAX_PATH_BYTES = 4096;
export const MAX_PATH_DEPTH = 256;

/**
 * Normalise a layer entry name to root-relative components: strip `./` and leading `/`,
 * drop empty and `.` parts, resolve `..` lexically. A name that climbs above the root is
 * refused (OCI image-spec, layer.md: implementations must not write outside the root).
 */
export function normaliseLayerPath(name: string): NormalisedPath {
  if (name.length > MAX_PATH_BYTES) return { ok: false, reason: 'too-long' };
  if (name.includes('\0')) return { ok: false, reason: 'invalid' };
  const parts: string[] = [];
  for (const p of name.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return { ok: false, reason: 'escapes-root' };
      parts.pop();
      continue;
    }
    parts.push(p);
  }
  if (parts.length > MAX_PATH_DEPTH) return { ok: false, reason: 'too-long' };
  return { ok: true, parts, wasAbsolute: name.startsWith('/') };
}

/** Split a caller's path (`/etc/os-release`, `etc/os-release`) into components. */
export function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}
