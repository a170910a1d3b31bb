import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * A minimal token server for distribution's `auth.token` (docker token spec): GET
 * /token?service=…&scope=… with Basic credentials answers `{"token": <JWT>}` granting what was
 * asked; without credentials the token grants nothing; wrong credentials get 401. The JWT is
 * RS256 with an `x5c` header holding a self-signed certificate that the registry trusts as its
 * rootcertbundle.
 */
export interface TokenServer {
  /** The `auth:` section of the registry's config.yml. */
  readonly registryConfig: string;
  /** Token requests served so far (tests check caching). */
  readonly requests: () => number;
  close(): Promise<void>;
}

const SERVICE = 'sigil-test-registry';
const ISSUER = 'sigil-test-token-server';

export async function startTokenServer(opts: {
  dir: string;
  username: string;
  password: string;
}): Promise<TokenServer> {
  const keyFile = join(opts.dir, 'token-key.pem');
  const certFile = join(opts.dir, 'token-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=sigil-test-token',
    ],
    { stdio: 'ignore' },
  );
  const key = createPrivateKey(readFileSync(keyFile));
  const certDer = new X509Certificate(readFileSync(certFile)).raw.toString('base64');
  let served = 0;
  const server = createServer((req, res) => {
    served++;
    handle(req, res, { ...opts, sign: (claims) => jwt(claims, key, certDer) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  const registryConfig = [
    'auth:',
    '  token:',
    `    realm: http://127.0.0.1:${port}/token`,
    `    service: ${SERVICE}`,
    `    issuer: ${ISSUER}`,
    `    rootcertbundle: ${certFile}`,
    '',
  ].join('\n');
  return {
    registryConfig,
    requests: () => served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function handle(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { username: string; password: string; sign: (claims: object) => string },
): void {
  const url = new URL(req.url ?? '/', 'http://token');
  const auth = req.headers.authorization;
  let granted = false;
  if (auth !== undefined) {
    const [user, pass] = Buffer.from(auth.replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    if (user !== opts.username || pass !== opts.password) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"details":"bad credentials"}');
      return;
    }
    granted = true;
  }
  const access = granted ? url.searchParams.getAll('scope').flatMap(parseScope) : [];
  const now = Math.floor(Date.now() / 1000);
  const token = opts.sign({
    iss: ISSUER,
    sub: granted ? opts.username : '',
    aud: url.searchParams.get('service') ?? SERVICE,
    exp: now + 300,
    nbf: now - 10,
    iat: now,
    jti: randomBytes(8).toString('hex'),
    access,
  });
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ token, expires_in: 300 }));
}

// `repository:<name>:<actions>`; the name never holds ':'.
function parseScope(scope: string): { type: string; name: string; actions: string[] }[] {
  return scope.split(' ').flatMap((s) => {
    const first = s.indexOf(':');
    const last = s.lastIndexOf(':');
    if (first < 0 || last === first) return [];
    return [
      {
        type: s.slice(0, first),
        name: s.slice(first + 1, last),
        actions: s.slice(last + 1).split(','),
      },
    ];
  });
}

function jwt(claims: object, key: ReturnType<typeof createPrivateKey>, certDer: string): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${b64({ typ: 'JWT', alg: 'RS256', x5c: [certDer] })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}
