import { parseDigest } from '../oci/index.ts';

/**
 * Wire-format constants of cosign (sigstore/cosign `pkg/types`, `pkg/oci/static`,
 * `cmd/cosign/cli/options/predicate.go`) and the formats it embeds (DSSE, in-toto).
 */
export const SIGN_MEDIA_TYPES = {
  /** Layer holding a simple-signing payload; the signature sits in an annotation. */
  simpleSigning: 'application/vnd.dev.cosign.simplesigning.v1+json',
  /** Layer holding a DSSE envelope (cosign `types.DssePayloadType`). */
  dsseEnvelope: 'application/vnd.dsse.envelope.v1+json',
  /** payloadType of a DSSE envelope whose payload is an in-toto Statement. */
  inToto: 'application/vnd.in-toto+json',
  sigstoreBundleV01: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
  sigstoreBundleV02: 'application/vnd.dev.sigstore.bundle+json;version=0.2',
  sigstoreBundleV03: 'application/vnd.dev.sigstore.bundle.v0.3+json',
} as const;

export const SIGN_ANNOTATIONS = {
  signature: 'dev.cosignproject.cosign/signature',
  certificate: 'dev.sigstore.cosign/certificate',
  chain: 'dev.sigstore.cosign/chain',
  bundle: 'dev.sigstore.cosign/bundle',
  rfc3161Timestamp: 'dev.sigstore.cosign/rfc3161timestamp',
  /** On attestation layers: the in-toto predicateType of the envelope inside. */
  predicateType: 'predicateType',
} as const;

/** Tag suffixes of cosign's tag scheme: `sha256-<hex>.sig` and friends. */
export const TAG_SUFFIXES = {
  signature: '.sig',
  attestation: '.att',
  sbom: '.sbom',
} as const;

export type ArtifactKind = keyof typeof TAG_SUFFIXES;

/** `critical.type` of a simple-signing payload as cosign and containers/image write it. */
export const SIMPLE_SIGNING_TYPE = 'cosign container image signature';

export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
export const IN_TOTO_STATEMENT_V01 = 'https://in-toto.io/Statement/v0.1';

/** `cosign attest --type NAME` → predicateType URI (cosign `options.PredicateTypeMap`). */
export const PREDICATE_TYPES: Readonly<Record<string, string>> = {
  custom: 'https://cosign.sigstore.dev/attestation/v1',
  slsaprovenance: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance02: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance1: 'https://slsa.dev/provenance/v1',
  spdx: 'https://spdx.dev/Document',
  spdxjson: 'https://spdx.dev/Document',
  cyclonedx: 'https://cyclonedx.org/bom',
  link: 'https://in-toto.io/Link/v1',
  vuln: 'https://cosign.sigstore.dev/attestation/vuln/v1',
  openvex: 'https://openvex.dev/ns',
};

/**
 * Resolve `--type`: a known short name maps to its URI; anything else must already be a URI
 * (cosign accepts any string parseable as a URL there).
 *
 * @example predicateTypeUri('slsaprovenance1') // 'https://slsa.dev/provenance/v1'
 */
export function predicateTypeUri(nameOrUri: string): string | undefined {
  if (Object.hasOwn(PREDICATE_TYPES, nameOrUri)) return PREDICATE_TYPES[nameOrUri];
  return URL.canParse(nameOrUri) ? nameOrUri : undefined;
}

/**
 * Tag under which cosign stores artifacts of kind `kind` for `imageDigest`.
 *
 * @example artifactTag('sha256:ab…', 'signature') // 'sha256-ab….sig'
 */
export function artifactTag(imageDigest: string, kind: ArtifactKind): string {
  parseDigest(imageDigest);
  return `${imageDigest.replace(':', '-')}${TAG_SUFFIXES[kind]}`;
}
