import { OciError } from '../errors.ts';
import { LIMITS } from '../../core/index.ts';
import { parseChallenges, type Challenge } from './challenge.ts';
import type { Credential } from './credentials.ts';
import { isLoopback } from './endpoint.ts';
import { send, type HttpRequest, type HttpResponse, type HttpSettings } from './http.ts';
import { discard, readBounded } from './body.ts';

/** Looks up credentials for a registry name; called only when a registry asks for them. */
export type CredentialLookup = (registry: string) => Promise<Credential | undefined>;

/** Tokens are refreshed this long before the expiry the token server states. */
const EXPIRY_MARGIN_MS = 10_000;
/** distribution's token spec: a token without expires_in lives 60 s. */
const DEFAULT_TOKEN_TTL_S = 60;
const CLIENT_ID = 'sigil';

interface CachedToken {
  readonly header: string;
  readonly expiresAt: number;
}

/**
 * Adds Authorization to registry requests: nothing until the registry answers 401, then Basic
 * or a Bearer token from the challenge's realm (distribution token spec), cached per registry
 * and scope, and fetched again when a cached one is refused.
 *
 * @example await auth.send('ghcr.io', req, ['repository:o/app:pull'])
 */
export class Authenticator {
  readonly #http: HttpSettings;
  readonly #lookup: CredentialLookup;
  readonly #credentials = new Map<string, Promise<Credential | undefined>>();
  readonly #tokens = new Map<string, CachedToken>();
  readonly #pending = new Map<string, Promise<CachedToken>>();
  readonly #basic = new Map<string, string>();

  constructor(http: HttpSettings, lookup: CredentialLookup) {
    this.#http = http;
    this.#lookup = lookup;
  }

  async send(registry: string, req: HttpRequest, scopes: readonly string[]): Promise<HttpResponse> {
    const key = `${registry} ${[...scopes].sort().join(' ')}`;
    const cached = this.#cachedHeader(registry, key);
    const first = await send(this.#http, withAuthorization(req, cached));
    // A 401 from a host a redirect led to is not the registry's to answer: no credentials
    // (nor token realm) are ever chosen by another origin.
    if (first.status !== 401 || first.url.origin !== req.url.origin) return first;
    const challenges = parseChallenges(first.headers.get('www-authenticate'));
    // Another request may have fetched a token meanwhile; only the refused one is dropped.
    const fresh = this.#cachedHeader(registry, key);
    if (fresh === cached) this.#tokens.delete(key);
    const header =
      fresh !== cached && fresh !== undefined
        ? fresh
        : await this.#authorize(registry, req, challenges, scopes, key);
    if (header === undefined) return first;
    await discard(first);
    return send(this.#http, withAuthorization(req, header));
  }

  #cachedHeader(registry: string, key: string): string | undefined {
    const token = this.#tokens.get(key);
    if (token !== undefined && token.expiresAt > this.#http.clock.now().getTime())
      return token.header;
    return this.#basic.get(registry);
  }

  async #authorize(
    registry: string,
    req: HttpRequest,
    challenges: readonly Challenge[],
    scopes: readonly string[],
    key: string,
  ): Promise<string | undefined> {
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const credential = await this.#credential(registry);
    if (bearer !== undefined) {
      // Requests running side by side (a copy's layers) share one token request per scope.
      let pending = this.#pending.get(key);
      if (pending === undefined) {
        pending = this.#fetchToken(req, bearer, scopes, credential).finally(() =>
          this.#pending.delete(key),
        );
        this.#pending.set(key, pending);
      }
      const token = await pending;
      this.#tokens.set(key, token);
      return token.header;
    }
    if (challenges.some((c) => c.scheme === 'basic') && credential?.kind === 'basic') {
      const header = basicHeader(credential);
      this.#basic.set(registry, header);
      return header;
    }
    return undefined;
  }

  #credential(registry: string): Promise<Credential | undefined> {
    let found = this.#credentials.get(registry);
    if (found === undefined) {
      found = this.#lookup(registry);
      this.#credentials.set(registry, found);
    }
    return found;
  }

  async #fetchToken(
    req: HttpRequest,
    challenge: Challenge,
    scopes: readonly string[],
    credential: Credential | undefined,
  ): Promise<CachedToken> {
    const realm = realmUrl(challenge, req.url);
    const wanted = new Set(scopes);
    if (challenge.params.scope) for (const s of challenge.params.scope.split(' ')) wanted.add(s);
    const resp = await send(
      this.#http,
      tokenRequest(realm, challenge, [...wanted], credential, req.signal),
    );
    if (resp.status !== 200) {
      await discard(resp);
      const code = resp.status === 401 || resp.status === 403 ? 'UNAUTHORIZED' : 'REGISTRY_ERROR';
      throw new OciError(
        code,
        `token server ${realm.host} answered ${resp.status}${credential ? ' (credentials rejected)' : ''}`,
      );
    }
    return this.#parseToken(
      await readBounded(resp, LIMITS.jsonBytes, 'REGISTRY_ERROR', 'token reply'),
      realm,
    );
  }

  #parseToken(body: Buffer, realm: URL): CachedToken {
    let doc: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      doc = JSON.parse(body.toString('utf8')) as typeof doc;
    } catch (err) {
      throw new OciError('REGISTRY_ERROR', `token server ${realm.host}: reply is not JSON`, {
        cause: err,
      });
    }
    const token = typeof doc?.token === 'string' && doc.token ? doc.token : doc?.access_token;
    if (typeof token !== 'string' || token === '' || /[\r\n]/.test(token)) {
      throw new OciError('REGISTRY_ERROR', `token server ${realm.host}: reply holds no token`);
    }
    const ttl =
      typeof doc.expires_in === 'number' && doc.expires_in > 0
        ? doc.expires_in
        : DEFAULT_TOKEN_TTL_S;
    const expiresAt = this.#http.clock.now().getTime() + ttl * 1000 - EXPIRY_MARGIN_MS;
    return { header: `Bearer ${token}`, expiresAt };
  }
}

// Credentials go to the realm only over HTTPS, unless the registry itself is plain HTTP on a
// host the user allowed (loopback or insecure list) and the realm is on loopback too.
function realmUrl(challenge: Challenge, registryUrl: URL): URL {
  let realm: URL;
  try {
    realm = new URL(challenge.params.realm ?? '');
  } catch {
    throw new OciError(
      'REGISTRY_ERROR',
      `${registryUrl.host}: Bearer challenge without a valid realm`,
    );
  }
  const plainOk =
    registryUrl.protocol === 'http:' &&
    (isLoopback(realm.hostname.replace(/^\[|\]$/g, '')) || realm.host === registryUrl.host);
  if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && plainOk)) {
    throw new OciError(
      'INSECURE_REGISTRY',
      `refusing token realm ${realm.protocol}//${realm.host}: not HTTPS`,
    );
  }
  return realm;
}

function tokenRequest(
  realm: URL,
  challenge: Challenge,
  scopes: readonly string[],
  credential: Credential | undefined,
  signal: AbortSignal | undefined,
): HttpRequest {
  const params = new URLSearchParams();
  if (challenge.params.service) params.set('service', challenge.params.service);
  for (const s of scopes) params.append('scope', s);
  const base = { url: new URL(realm), ...(signal ? { signal } : {}) };
  if (credential?.kind === 'identity-token') {
    // OAuth2 refresh-token grant (distribution's token spec, "oauth.md").
    params.set('grant_type', 'refresh_token');
    params.set('refresh_token', credential.token);
    params.set('client_id', CLIENT_ID);
    const body = Buffer.from(params.toString());
    return {
      ...base,
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
  }
  params.set('client_id', CLIENT_ID);
  for (const [k, v] of params) base.url.searchParams.append(k, v);
  const headers: Record<string, string> =
    credential?.kind === 'basic' ? { authorization: basicHeader(credential) } : {};
  return { ...base, method: 'GET', headers };
}

function basicHeader(c: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

function withAuthorization(req: HttpRequest, header: string | undefined): HttpRequest {
  if (header === undefined) return req;
  return { ...req, headers: { ...req.headers, authorization: header } };
}

/** `repository:<name>:<actions>` as the token spec writes scopes. */
export function repositoryScope(repository: string, actions: 'pull' | 'pull,push' | '*'): string {
  return `repository:${repository}:${actions}`;
}
