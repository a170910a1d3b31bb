import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { startFake, type FakeServer, type SeenRequest } from './fake-registry.ts';

const INDEX = 'application/vnd.oci.image.index.v1+json';
const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

interface Stored {
  readonly bytes: Buffer;
  readonly mediaType: string;
}

/**
 * An in-memory registry that speaks the OCI distribution spec 1.1 referrers API (which
 * Debian's docker-registry lacks): manifests by tag or digest, monolithic and chunked blob
 * uploads, `GET /v2/<name>/referrers/<digest>[?artifactType=]`, `OCI-Subject` on push.
 * No auth; single-process tests only.
 */
export async function startReferrersRegistry(): Promise<FakeServer> {
  const manifests = new Map<string, Stored>();
  const blobs = new Map<string, Buffer>();
  const uploads = new Map<string, Buffer[]>();
  return startFake((req, res) => {
    const url = new URL(req.path, 'http://x');
    const p = url.pathname;
    if (p === '/v2/' || p === '/v2') return res.writeHead(200).end('{}');
    let m = /^\/v2\/(.+)\/blobs\/uploads\/(.*)$/.exec(p);
    if (m) return upload(req, res, m[1]!, m[2]!, url, uploads, blobs);
    m = /^\/v2\/(.+)\/(manifests|blobs|referrers)\/([^/]+)$/.exec(p);
    if (!m) return notFound(res, 'NAME_UNKNOWN');
    const [, repo, kind, ref] = m as unknown as [string, string, string, string];
    if (kind === 'blobs') {
      const b = blobs.get(ref);
      if (!b) return notFound(res, 'BLOB_UNKNOWN');
      res.writeHead(200, { 'content-length': b.length, 'docker-content-digest': ref });
      return res.end(req.method === 'HEAD' ? undefined : b);
    }
    if (kind === 'referrers') return referrers(res, repo, ref, url, manifests);
    const key = `${repo}@${ref}`;
    if (req.method === 'PUT') {
      const digest = sha256(req.body);
      const stored = { bytes: req.body, mediaType: String(req.headers['content-type']) };
      manifests.set(`${repo}@${digest}`, stored);
      manifests.set(key, stored);
      const subject = (JSON.parse(req.body.toString()) as { subject?: { digest?: string } }).subject
        ?.digest;
      return res
        .writeHead(201, {
          'docker-content-digest': digest,
          location: `/v2/${repo}/manifests/${digest}`,
          ...(subject ? { 'oci-subject': subject } : {}),
        })
        .end();
    }
    const s = manifests.get(key);
    if (!s) return notFound(res, 'MANIFEST_UNKNOWN');
    res.writeHead(200, {
      'content-type': s.mediaType,
      'content-length': s.bytes.length,
      'docker-content-digest': sha256(s.bytes),
    });
    return res.end(req.method === 'HEAD' ? undefined : s.bytes);
  });
}

function upload(
  req: SeenRequest,
  res: ServerResponse,
  repo: string,
  id: string,
  url: URL,
  uploads: Map<string, Buffer[]>,
  blobs: Map<string, Buffer>,
): unknown {
  if (req.method === 'POST') {
    const newId = randomBytes(8).toString('hex');
    uploads.set(newId, []);
    return res
      .writeHead(202, { location: `/v2/${repo}/blobs/uploads/${newId}`, range: '0-0' })
      .end();
  }
  const parts = uploads.get(id);
  if (!parts) return notFound(res, 'BLOB_UPLOAD_UNKNOWN');
  if (req.body.length > 0) parts.push(req.body);
  const size = parts.reduce((n, b) => n + b.length, 0);
  if (req.method === 'PATCH') {
    return res
      .writeHead(202, {
        location: `/v2/${repo}/blobs/uploads/${id}`,
        range: `0-${Math.max(0, size - 1)}`,
      })
      .end();
  }
  const data = Buffer.concat(parts);
  const digest = url.searchParams.get('digest');
  if (digest !== sha256(data)) return notFound(res, 'DIGEST_INVALID', 400);
  blobs.set(digest, data);
  uploads.delete(id);
  return res.writeHead(201, { 'docker-content-digest': digest }).end();
}

function referrers(
  res: ServerResponse,
  repo: string,
  subject: string,
  url: URL,
  manifests: Map<string, Stored>,
): unknown {
  const wanted = url.searchParams.get('artifactType');
  const seen = new Set<string>();
  const list = [];
  for (const [key, s] of manifests) {
    if (!key.startsWith(`${repo}@sha256:`)) continue;
    const digest = sha256(s.bytes);
    if (seen.has(digest)) continue;
    seen.add(digest);
    const doc = JSON.parse(s.bytes.toString()) as {
      subject?: { digest?: string };
      artifactType?: string;
      config?: { mediaType?: string };
      annotations?: Record<string, string>;
    };
    if (doc.subject?.digest !== subject) continue;
    const artifactType = doc.artifactType ?? doc.config?.mediaType;
    if (wanted && artifactType !== wanted) continue;
    list.push({
      mediaType: s.mediaType,
      digest,
      size: s.bytes.length,
      ...(artifactType ? { artifactType } : {}),
      ...(doc.annotations ? { annotations: doc.annotations } : {}),
    });
  }
  const body = JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: list });
  return res
    .writeHead(200, {
      'content-type': INDEX,
      ...(wanted ? { 'oci-filters-applied': 'artifactType' } : {}),
    })
    .end(body);
}

function notFound(res: ServerResponse, code: string, status = 404): unknown {
  return res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ errors: [{ code, message: code.toLowerCase() }] }));
}
