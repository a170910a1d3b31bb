import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadCases, sharedDir } from './cases.ts';
import { diffKnown, readKnownFailures, runAll } from './suite.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const suite = path.join(sharedDir(repoRoot), 'opa-compliance');
const knownFile = path.join(repoRoot, 'src/policy/conformance-known-failures.txt');

// The whole suite (v1 + v0, ~4,200 cases) runs in a few seconds, so every case is checked.
test(
  'OPA compliance suite matches the known-failures list exactly',
  { skip: !existsSync(suite) && `no suite at ${suite}` },
  () => {
    const runs = [...runAll(loadCases(suite, 'v1')), ...runAll(loadCases(suite, 'v0'))];
    assert.ok(runs.length > 4000, `expected the full suite, loaded ${runs.length} cases`);
    const { newFailures, nowPassing } = diffKnown(runs, readKnownFailures(knownFile));
    assert.deepEqual(newFailures, [], 'cases that used to pass (or are new) now fail');
    assert.deepEqual(
      nowPassing,
      [],
      'these cases pass now: remove it from the list (src/policy/conformance-known-failures.txt)',
    );
  },
);
