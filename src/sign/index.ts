/**
 * Signing domain: cosign-compatible keys, simple-signing payloads, DSSE/in-toto attestations,
 * and the signature/attestation images cosign stores next to an image. Everything here works
 * on an `ArtifactStore`; the registry client plugs in behind it.
 */
export { SignError } from './errors.ts';
export type { SignErrorCode } from './errors.ts';
export {
  SIGN_MEDIA_TYPES,
  SIGN_ANNOTATIONS,
  TAG_SUFFIXES,
  SIMPLE_SIGNING_TYPE,
  IN_TOTO_STATEMENT_V1,
  IN_TOTO_STATEMENT_V01,
  PREDICATE_TYPES,
  predicateTypeUri,
  artifactTag,
} from './constants.ts';
export type { ArtifactKind } from './constants.ts';

export { generateKeyPair } from './keys/generate.ts';
export type { GenerateKeyPairOptions, GeneratedKeyPair } from './keys/generate.ts';
export {
  loadPrivateKey,
  loadPublicKey,
  publicKeyPem,
  SIGSTORE_PRIVATE_KEY_PEM,
  COSIGN_PRIVATE_KEY_PEM,
} from './keys/load.ts';
export type { SigningKey, PasswordInput } from './keys/load.ts';
export { keyKind } from './keys/key-kind.ts';
export type { KeyKind } from './keys/key-kind.ts';
export { resolvePassword } from './keys/password.ts';
export type { PasswordSources } from './keys/password.ts';
export { encryptWithPassword, decryptWithPassword } from './keys/encrypted-key.ts';
export type { ScryptStrength } from './keys/encrypted-key.ts';

export { signBytes, verifyBytesSignature } from './primitives.ts';
export {
  buildSimpleSigningPayload,
  parseSimpleSigningPayload,
  MAX_PAYLOAD_BYTES,
} from './payload.ts';
export type { SimpleSigningPayload, BuildPayloadInput, OptionalValue } from './payload.ts';
export { verifySimpleSigning } from './simple-signing.ts';
export type {
  SimpleSigningResult,
  VerifySimpleSigningInput,
  VerifyFailureReason,
} from './simple-signing.ts';
export { cosignIdentity, identityMatches, parseDockerReference } from './identity.ts';
export type { DockerReference, IdentityMatch } from './identity.ts';

export {
  pae,
  signDsse,
  serializeDsse,
  parseDsseEnvelope,
  envelopeFromJson,
  verifyDsse,
} from './dsse.ts';
export type { DsseEnvelope, DsseSignature, DsseVerifyResult } from './dsse.ts';
export { imageStatement, serializeStatement, parseStatement, statementCovers } from './in-toto.ts';
export type { InTotoStatement, InTotoSubject } from './in-toto.ts';

export { MemoryArtifactStore } from './artifacts/store.ts';
export type { ArtifactStore } from './artifacts/store.ts';
export { buildSignatureImage, parseSignatureImage } from './artifacts/signature-image.ts';
export type { SignatureImage, BuiltImage } from './artifacts/signature-image.ts';
export type { AttachResult, SkippedLayer } from './artifacts/attach.ts';
export { attachSignature, signImage, listSignatures } from './artifacts/signatures.ts';
export type {
  StoredSignature,
  AttachSignatureInput,
  SignImageInput,
} from './artifacts/signatures.ts';
export { attachAttestation, attestImage, listAttestations } from './artifacts/attestations.ts';
export type {
  StoredAttestation,
  AttachAttestationInput,
  AttestImageInput,
} from './artifacts/attestations.ts';

export { verifyImageSignatures, verifyImageAttestations } from './verify-image.ts';
export type {
  VerifyImageResult,
  VerifyImageSignaturesOptions,
  VerifiedSignature,
  TriedLayer,
  ImageFailureReason,
  VerifyAttestationsResult,
  VerifyImageAttestationsOptions,
  VerifiedAttestation,
} from './verify-image.ts';

export { RegistryArtifactStore } from './stores/registry-store.ts';
export { OciLayoutArtifactStore } from './stores/layout-store.ts';
export { openSigningTarget } from './stores/open-target.ts';
export type { SigningTarget } from './stores/open-target.ts';
export {
  signImageAsReferrer,
  verifyImageBundles,
  MAX_BUNDLE_REFERRERS,
} from './referrers/bundle-referrers.ts';
export type { ReferrerTarget, VerifiedBundle } from './referrers/bundle-referrers.ts';
export { verifyBundle, buildMessageSignatureBundle, MAX_BUNDLE_BYTES } from './referrers/bundle.ts';
export type { BundleContent, BundleOutcome } from './referrers/bundle.ts';
