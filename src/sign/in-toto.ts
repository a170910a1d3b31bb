import { IN_TOTO_STATEMENT_V01, IN_TOTO_STATEMENT_V1 } from './constants.ts';
import { SignError } from './errors.ts';
import { goJson, isJsonObject, parseStrictJson } from './strict-json.ts';

/** in-toto attestation framework Statement (v1; v0.1 read too, as older cosign writes it). */
export interface InTotoStatement {
  readonly _type: string;
  readonly subject: readonly InTotoSubject[];
  readonly predicateType: string;
  readonly predicate: unknown;
}

export interface InTotoSubject {
  readonly name: string;
  readonly digest: Readonly<Record<string, string>>;
}

const MAX_SUBJECTS = 1024;

/**
 * A Statement about one image: subject name is the repository (as cosign writes it), digest
 * its manifest digest split into algorithm and hex. `_type` is Statement v1 unless asked for
 * v0.1, which `cosign attest` still writes (`in_toto.StatementInTotoV01`).
 *
 * @example imageStatement('reg/app', 'sha256:…', 'https://slsa.dev/provenance/v1', {...})
 */
export function imageStatement(
  subjectName: string,
  imageDigest: string,
  predicateType: string,
  predicate: unknown,
  statementType: typeof IN_TOTO_STATEMENT_V1 | typeof IN_TOTO_STATEMENT_V01 = IN_TOTO_STATEMENT_V1,
): InTotoStatement {
  const [algorithm, hex] = imageDigest.split(':');
  if (!algorithm || !hex)
    throw new SignError('STATEMENT_INVALID', `not a digest: ${imageDigest.slice(0, 140)}`);
  return {
    _type: statementType,
    subject: [{ name: subjectName, digest: { [algorithm]: hex } }],
    predicateType,
    predicate,
  };
}

/**
 * Statement JSON as cosign writes it (in-toto-golang `StatementHeader` order: `_type`,
 * `predicateType`, `subject`, then `predicate`; Go's HTML escaping).
 */
export function serializeStatement(statement: InTotoStatement): Uint8Array {
  return Buffer.from(
    goJson({
      _type: statement._type,
      predicateType: statement.predicateType,
      subject: statement.subject,
      predicate: statement.predicate,
    }),
    'utf8',
  );
}

/** Parse a Statement (bounded, no duplicate keys); STATEMENT_INVALID when malformed. */
export function parseStatement(bytes: Uint8Array, maxBytes = 64 * 1024 * 1024): InTotoStatement {
  const doc = parseStrictJson(bytes, {
    maxBytes,
    maxDepth: 64,
    code: 'STATEMENT_INVALID',
    what: 'in-toto statement',
  });
  const bad = (why: string): never => {
    throw new SignError('STATEMENT_INVALID', `in-toto statement: ${why}`);
  };
  if (!isJsonObject(doc)) return bad('not an object');
  const type = doc['_type'];
  if (type !== IN_TOTO_STATEMENT_V1 && type !== IN_TOTO_STATEMENT_V01)
    bad(`unknown _type ${JSON.stringify(type)}`);
  if (typeof doc['predicateType'] !== 'string' || doc['predicateType'].length === 0)
    bad('predicateType missing');
  const subjects = doc['subject'];
  if (!Array.isArray(subjects) || subjects.length === 0) return bad('no subject');
  if (subjects.length > MAX_SUBJECTS) bad(`more than ${MAX_SUBJECTS} subjects`);
  const subject = (subjects as unknown[]).map((s): InTotoSubject => {
    if (!isJsonObject(s) || !isJsonObject(s['digest'])) return bad('subject without digest');
    const digest = s['digest'];
    if (!Object.values(digest).every((v) => typeof v === 'string'))
      bad('digest values must be strings');
    return {
      name: typeof s['name'] === 'string' ? s['name'] : '',
      digest: digest as Record<string, string>,
    };
  });
  return {
    _type: type as string,
    subject,
    predicateType: doc['predicateType'] as string,
    predicate: doc['predicate'],
  };
}

/** Whether some subject names `imageDigest` (`sha256:<hex>`), hex compared case-insensitively. */
export function statementCovers(statement: InTotoStatement, imageDigest: string): boolean {
  const [algorithm, hex] = imageDigest.split(':');
  if (!algorithm || !hex) return false;
  return statement.subject.some(
    (s) =>
      Object.hasOwn(s.digest, algorithm) &&
      s.digest[algorithm]?.toLowerCase() === hex.toLowerCase(),
  );
}
