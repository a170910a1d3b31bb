import type { Command } from '../command.ts';
import { registryResolver } from '../registry-resolver.ts';
import { copy } from './copy.ts';
import { dbImport } from './db-import.ts';
import { dbStatusCommand } from './db-status.ts';
import { dbUpdate } from './db-update.ts';
import { demo } from './demo.ts';
import { attest } from './attest.ts';
import { inspect } from './inspect.ts';
import { keyGenerate } from './key-generate.ts';
import { makeLedgerCommands } from './ledger.ts';
import { makePinCommand } from './pin.ts';
import { policyEval } from './policy-eval.ts';
import { policyTest } from './policy-test.ts';
import { scan } from './scan.ts';
import { sign } from './sign.ts';
import { sbom } from './sbom.ts';
import { tags } from './tags.ts';
import { tree } from './tree.ts';
import { verifyAttestation } from './verify-attestation.ts';
import { verify } from './verify.ts';
import { versionCompare } from './version-compare.ts';

// The process edge binds pin and ledger to the real registry.
const resolveDigest = registryResolver(process.env);

/** Every command the CLI knows, in the order `sigil --help` lists them. */
export const COMMANDS: readonly Command[] = [
  demo,
  inspect,
  copy,
  tags,
  keyGenerate,
  sign,
  verify,
  attest,
  verifyAttestation,
  tree,
  sbom,
  makePinCommand({ resolveDigest }),
  ...makeLedgerCommands({ resolveDigest }),
  scan,
  dbUpdate,
  dbImport,
  dbStatusCommand,
  policyEval,
  policyTest,
  versionCompare,
];
