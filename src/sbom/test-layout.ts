// Test-only: tar layers and one-image OCI layouts written to disk, for the real `oci:` path.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { TarWriter, type TarWriteHeader } from '../oci/index.ts';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
let n = 0;

export type Member = TarWriteHeader & { body?: string };

export async function tar(members: Iterable<Member>): Promise<Buffer> {
  const out = new PassThrough();
  const done = buffer(out);
  const w = new TarWriter(out);
  for (const m of members) {
    const body = m.body === undefined ? undefined : Buffer.from(m.body);
    await w.add(body ? { ...m, size: body.length } : m, body);
  }
  await w.finish();
  return done;
}

// An OCI layout holding one image whose layers are the given blobs, as `oci:DIR:t`.
export function writeLayout(tmp: string, layers: Buffer[]): string {
  const dir = join(tmp, `l${n++}`);
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const put = (b: Buffer) => {
    const d = sha(b);
    writeFileSync(join(dir, 'blobs', 'sha256', d.slice(7)), b);
    return { digest: d, size: b.length };
  };
  const config = put(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: layers.map(sha) },
      }),
    ),
  );
  const manifest = put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: layers.map((l) => ({
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          ...put(l),
        })),
      }),
    ),
  );
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': 't' },
        },
      ],
    }),
  );
  return `oci:${dir}:t`;
}
