import type { RpmHeader } from './header.ts';

/** CBL-Mariner / Azure Linux distroless images list their rpms here instead of an rpmdb. */
export const RPM_MANIFEST = 'var/lib/rpmmanifest/container-manifest-2';

/**
 * One package per line, tab-separated (as `rpm -qa --qf` writes it for the manifest): name,
 * version-release, install time, build time, vendor, epoch or `(none)`, size, arch,
 * signature/epoch number, source rpm. Lines that do not fit are returned as errors.
 */
export function parseRpmManifest(text: string): { headers: RpmHeader[]; bad: number } {
  const headers: RpmHeader[] = [];
  let bad = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const f = line.split('\t');
    const [name, vr, , , , epoch, , arch, , sourceRpm] = f;
    const dash = vr?.lastIndexOf('-') ?? -1;
    if (f.length < 10 || !name || !vr || dash <= 0) {
      bad++;
      continue;
    }
    headers.push({
      name,
      version: vr.slice(0, dash),
      release: vr.slice(dash + 1),
      epoch: epoch && /^\d+$/.test(epoch) ? Number(epoch) : undefined,
      arch: arch || undefined,
      sourceRpm: sourceRpm || undefined,
      license: undefined,
      modularityLabel: undefined,
    });
  }
  return { headers, bad };
}
