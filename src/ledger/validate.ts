import { isDigest } from '../oci/index.ts';
import { LedgerError } from './errors.ts';
import type { RecordInput } from './types.ts';

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const TAG_RE = /^\w[\w.-]{0,127}$/;
const REPOSITORY_RE = /^[a-zA-Z0-9][a-zA-Z0-9._\-/:]{0,254}$/;

function invalid(what: string, value: unknown): never {
  throw new LedgerError(
    'LEDGER_INVALID_INPUT',
    `invalid ${what} ${JSON.stringify(String(value).slice(0, 200))}`,
  );
}

export function checkName(what: 'app' | 'env', value: string): string {
  return NAME_RE.test(value) ? value : invalid(what, value);
}

export function checkDigest(value: string): string {
  return isDigest(value) ? value : invalid('digest', value);
}

export function checkRecord(input: RecordInput): RecordInput {
  checkName('app', input.app);
  checkName('env', input.env);
  if (!REPOSITORY_RE.test(input.repository)) invalid('repository', input.repository);
  if (input.tag !== undefined && !TAG_RE.test(input.tag)) invalid('tag', input.tag);
  checkDigest(input.digest);
  if (input.actor.length === 0 || input.actor.length > 256 || hasControl(input.actor))
    invalid('actor', input.actor);
  if (input.note !== undefined && (input.note.length > 4096 || input.note.includes('\0')))
    invalid('note', input.note);
  return input;
}

/** N-th previous: a small positive integer. */
export function checkSteps(to: number): number {
  return Number.isInteger(to) && to >= 1 && to <= 10_000 ? to : invalid('rollback distance', to);
}

function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++)
    if (s.charCodeAt(i) < 0x20 || s.charCodeAt(i) === 0x7f) return true;
  return false;
}
