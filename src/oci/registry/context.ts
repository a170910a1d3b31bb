import type { EventSink } from '../../core/index.ts';
import type { HttpRequest, HttpResponse } from './http.ts';

/** A repository on a registry; a parsed Reference is one. */
export interface Repo {
  readonly registry: string;
  readonly repository: string;
}

/** What the manifest/blob/upload/tag/referrer modules need from the client. */
export interface RegistryContext {
  /** `<base>/v2/<repository>/<path>` */
  url(repo: Repo, path: string): URL;
  /**
   * Send with authentication for `repo` (pull, or pull+push when `push`), plus `extraScopes`
   * (a mount also needs pull on the source repository).
   */
  request(
    repo: Repo,
    req: HttpRequest,
    opts?: { push?: boolean; extraScopes?: readonly string[] },
  ): Promise<HttpResponse>;
  readonly maxPages: number;
  readonly chunkSize: number;
  readonly events: EventSink;
}
