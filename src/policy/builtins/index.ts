/**
 * Every builtin the engine knows, as one explicit list (no registration by import side effects).
 * Each module groups a family, mirroring OPA's builtin categories.
 */
import { aggregates } from './aggregates.ts';
import { arithmetic } from './arithmetic.ts';
import { arrays } from './arrays.ts';
import { casts, deprecatedCasts } from './casts.ts';
import { comparison } from './comparison.ts';
import { encoding } from './encoding.ts';
import { misc } from './misc.ts';
import { objects } from './objects.ts';
import { regex } from './regex.ts';
import { sets } from './sets.ts';
import { strings } from './strings.ts';
import { typeChecks } from './type-checks.ts';
import type { Builtin } from './types.ts';
import { unsupported } from './unsupported.ts';
import { units } from './units.ts';
import { walk } from './walk.ts';
import { jsonPatch } from './json-patch.ts';
import { uri } from './uri.ts';
import { jsonPaths } from './json-paths.ts';
import { graph } from './graph.ts';
import { bits } from './bits.ts';
import { crypto } from './crypto.ts';
import { semver } from './semver.ts';
import { net } from './net.ts';
import { time } from './time.ts';
import { jwt } from './jwt.ts';
import { uuid } from './uuid.ts';
import { jsonSchema } from './json-schema.ts';
import { x509 } from './x509.ts';

export const BUILTIN_FAMILIES: readonly (readonly Builtin[])[] = [
  comparison,
  arithmetic,
  aggregates,
  sets,
  arrays,
  strings,
  casts,
  deprecatedCasts,
  typeChecks,
  objects,
  regex,
  encoding,
  misc,
  units,
  walk,
  jsonPatch,
  uri,
  jsonPaths,
  graph,
  bits,
  crypto,
  semver,
  net,
  time,
  jwt,
  uuid,
  jsonSchema,
  x509,
  unsupported,
];

export const BUILTIN_MAP: ReadonlyMap<string, Builtin> = new Map(
  BUILTIN_FAMILIES.flat().map((b) => [b.name, b]),
);

export type { Builtin, BuiltinContext } from './types.ts';
