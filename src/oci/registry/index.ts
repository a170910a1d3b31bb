export { RegistryClient } from './client.ts';
export type { RegistryClientOptions } from './client.ts';
export {
  RegistrySource,
  RegistryDestination,
  openRegistrySource,
  openRegistryDestination,
  openRegistryImage,
} from './image.ts';
export type { RegistryImageOptions } from './image.ts';
export type { Repo } from './context.ts';
export type { Credential } from './credentials.ts';
export { findCredential } from './credentials.ts';
export type { CredentialLookup } from './auth.ts';
export type { FetchLike } from './http.ts';
export type { ManifestHead, PutManifestResult } from './manifests.ts';
export { MANIFEST_ACCEPT } from './manifests.ts';
export { referrersTag } from './referrers.ts';
export { INSECURE_REGISTRIES_ENV, isLoopback } from './endpoint.ts';
