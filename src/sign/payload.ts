import { isDigest } from '../oci/index.ts';
import { SIMPLE_SIGNING_TYPE } from './constants.ts';
import { SignError } from './errors.ts';
import { goJson, isJsonObject, parseStrictJson, sortedKeys } from './strict-json.ts';

/** Simple-signing payloads are a few hundred bytes; cosign annotations make them larger. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

export type OptionalValue = string | number | boolean;

/** A parsed simple-signing payload ("cosign container image signature"). */
export interface SimpleSigningPayload {
  /** `critical.identity.docker-reference`: who the signer claims the image is. */
  readonly dockerReference: string;
  /** `critical.image.docker-manifest-digest`: the manifest the signature is bound to. */
  readonly manifestDigest: string;
  /** `optional`: cosign's `-a key=value` annotations, containers/image's creator/timestamp. */
  readonly optional: Readonly<Record<string, unknown>> | null;
}

export interface BuildPayloadInput {
  readonly dockerReference: string;
  readonly manifestDigest: string;
  readonly annotations?: Readonly<Record<string, OptionalValue>>;
}

/**
 * The payload bytes cosign signs (sigstore `payload.Cosign.MarshalJSON`): Go's `json.Marshal`
 * of `{critical:{identity,image,type}, optional}`, struct fields in declaration order,
 * annotation keys sorted, `optional: null` when there are none.
 *
 * @example buildSimpleSigningPayload({ dockerReference: 'reg/app', manifestDigest: 'sha256:…' })
 */
export function buildSimpleSigningPayload(input: BuildPayloadInput): Uint8Array {
  if (!isDigest(input.manifestDigest)) {
    throw new SignError(
      'PAYLOAD_INVALID',
      `not a manifest digest: ${input.manifestDigest.slice(0, 140)}`,
    );
  }
  if (input.dockerReference.length === 0) {
    throw new SignError('PAYLOAD_INVALID', 'docker-reference must not be empty');
  }
  const annotations = input.annotations ?? {};
  const doc = {
    critical: {
      identity: { 'docker-reference': input.dockerReference },
      image: { 'docker-manifest-digest': input.manifestDigest },
      type: SIMPLE_SIGNING_TYPE,
    },
    optional: Object.keys(annotations).length === 0 ? null : sortedKeys(annotations),
  };
  return Buffer.from(goJson(doc), 'utf8');
}

/**
 * Parse a payload strictly, as containers/image does (`UntrustedSigstorePayload`): exactly the
 * fields `critical` and `optional` at the top, exactly `identity`, `image`, `type` in
 * `critical`, no duplicate keys, the cosign type string, a well-formed digest. `optional` may be
 * null or an object with any keys. Throws PAYLOAD_INVALID / PAYLOAD_TOO_LARGE.
 */
export function parseSimpleSigningPayload(bytes: Uint8Array): SimpleSigningPayload {
  const doc = parseStrictJson(bytes, {
    maxBytes: MAX_PAYLOAD_BYTES,
    maxDepth: 16,
    code: 'PAYLOAD_INVALID',
    what: 'simple-signing payload',
  });
  const top = exactFields(doc, ['critical', 'optional'], 'payload');
  const critical = exactFields(top['critical'], ['identity', 'image', 'type'], 'critical');
  if (critical['type'] !== SIMPLE_SIGNING_TYPE) {
    throw new SignError(
      'PAYLOAD_INVALID',
      `unrecognized signature type ${JSON.stringify(critical['type'])}`,
    );
  }
  const image = exactFields(critical['image'], ['docker-manifest-digest'], 'critical.image');
  const identity = exactFields(critical['identity'], ['docker-reference'], 'critical.identity');
  const manifestDigest = image['docker-manifest-digest'];
  if (typeof manifestDigest !== 'string' || !isDigest(manifestDigest)) {
    throw new SignError('PAYLOAD_INVALID', 'critical.image.docker-manifest-digest is not a digest');
  }
  const dockerReference = identity['docker-reference'];
  if (typeof dockerReference !== 'string') {
    throw new SignError('PAYLOAD_INVALID', 'critical.identity.docker-reference is not a string');
  }
  const optional = top['optional'];
  if (optional !== null && !isJsonObject(optional)) {
    throw new SignError('PAYLOAD_INVALID', 'optional must be an object or null');
  }
  return { dockerReference, manifestDigest, optional };
}

function exactFields(
  v: unknown,
  fields: readonly string[],
  where: string,
): Record<string, unknown> {
  if (!isJsonObject(v)) throw new SignError('PAYLOAD_INVALID', `${where} must be an object`);
  const keys = Object.keys(v);
  const missing = fields.filter((f) => !keys.includes(f));
  const extra = keys.filter((k) => !fields.includes(k));
  if (missing.length > 0 || extra.length > 0) {
    throw new SignError(
      'PAYLOAD_INVALID',
      `${where}: expected fields ${fields.join(', ')}` +
        (missing.length ? `; missing ${missing.join(', ')}` : '') +
        (extra.length
          ? `; unexpected ${extra
              .slice(0, 5)
              .map((k) => JSON.stringify(k.slice(0, 64)))
              .join(', ')}`
          : ''),
    );
  }
  return v;
}
