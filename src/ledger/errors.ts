import { SigilError } from '../core/index.ts';

/** Codes the ledger throws. */
export type LedgerErrorCode =
  | 'LEDGER_CORRUPT'
  | 'LEDGER_NOT_A_LEDGER'
  | 'LEDGER_UNREADABLE'
  | 'LEDGER_READ_ONLY'
  | 'LEDGER_BUSY'
  | 'LEDGER_SCHEMA_NEWER'
  | 'LEDGER_INVALID_INPUT'
  | 'LEDGER_NOT_FOUND'
  | 'LEDGER_AMBIGUOUS'
  | 'LEDGER_ERROR';

export class LedgerError extends SigilError {
  declare readonly code: LedgerErrorCode;

  constructor(code: LedgerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'LedgerError';
  }
}

// SQLite primary result codes (sqlite.org/rescode.html).
const SQLITE_CODES: Readonly<Record<number, LedgerErrorCode>> = {
  5: 'LEDGER_BUSY', // SQLITE_BUSY
  6: 'LEDGER_BUSY', // SQLITE_LOCKED
  8: 'LEDGER_READ_ONLY', // SQLITE_READONLY
  11: 'LEDGER_CORRUPT', // SQLITE_CORRUPT
  14: 'LEDGER_UNREADABLE', // SQLITE_CANTOPEN
  23: 'LEDGER_UNREADABLE', // SQLITE_AUTH
  26: 'LEDGER_CORRUPT', // SQLITE_NOTADB
};

/** A coded LedgerError for whatever node:sqlite threw; LedgerErrors pass through. */
export function toLedgerError(err: unknown, what: string): LedgerError {
  if (err instanceof LedgerError) return err;
  const errcode = (err as { errcode?: unknown } | null)?.errcode;
  const primary = typeof errcode === 'number' ? errcode & 0xff : -1;
  const code = SQLITE_CODES[primary] ?? 'LEDGER_ERROR';
  const message = err instanceof Error ? err.message : String(err);
  return new LedgerError(code, `${what}: ${message}`, { cause: err });
}
