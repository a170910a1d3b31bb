import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../src/core/index.ts';

/**
 * In-process fake registries for what a real one cannot play (failures, throttling,
 * referrers API). Each serves on 127.0.0.1 with port 0; the test supplies the handler.
 */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export interface FakeServer {
  /** `127.0.0.1:<port>` */
  readonly host: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

export type Handler = (req: SeenRequest, res: ServerResponse) => unknown;

export async function startFake(handler: Handler): Promise<FakeServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      seen.push(r);
      Promise.resolve(handler(r, res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Send JSON with a status and extra headers. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': bytes.length,
      ...headers,
    })
    .end(bytes);
}

/** A registry error body as distribution spec §"Error Codes" shapes it. */
export function registryError(
  res: ServerResponse,
  status: number,
  code: string,
  message = code.toLowerCase(),
): void {
  json(res, status, { errors: [{ code, message }] });
}

/** A clock whose sleeps return at once and are recorded; time moves only by sleeps and `advance`. */
export function fakeClock(
  start = Date.parse('2026-01-01T00:00:00Z'),
): Clock & { sleeps: number[]; advance(ms: number): void } {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => new Date(t),
    sleep: (ms) => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
