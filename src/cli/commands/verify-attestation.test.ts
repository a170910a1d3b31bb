import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CommandContext } from '../command.ts';
import { runCli } from '../run.ts';
import { attest } from './attest.ts';
import { keyGenerate } from './key-generate.ts';
import { verifyAttestation } from './verify-attestation.ts';

const SAMPLE = fileURLToPath(new URL('../../../samples/oci', import.meta.url));

test('verify-attestation --policy: cosign-style Rego (data.signature.allow) over each statement', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'sigil-att-policy-'));
  cpSync(SAMPLE, join(cwd, 'layout'), { recursive: true });
  const image = `oci:${join(cwd, 'layout')}:sample`;
  let err = '';
  const run = (...argv: string[]) => {
    err = '';
    const stderr = new PassThrough();
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const stdin = new PassThrough();
    stdin.end();
    const ctx: CommandContext = {
      stdout: new PassThrough().resume(),
      stderr,
      stdin,
      env: { SIGIL_PASSWORD: '' },
      cwd,
      isTTY: false,
    };
    return runCli(argv, ctx, [keyGenerate, attest, verifyAttestation]);
  };
  writeFileSync(join(cwd, 'predicate.json'), JSON.stringify({ builder: { id: 'ci/trusted' } }));
  writeFileSync(
    join(cwd, 'allow.rego'),
    'package signature\n\ndefault allow := false\n\nallow if input.predicate.builder.id == "ci/trusted"\n',
  );
  writeFileSync(
    join(cwd, 'deny.rego'),
    'package signature\n\ndefault allow := false\n\nallow if input.predicate.builder.id == "someone/else"\n',
  );
  writeFileSync(join(cwd, 'broken.rego'), 'package signature\n\nallow if {\n');
  assert.equal(await run('key', 'generate'), 0, err);
  const args = ['--key', 'cosign.key', '--type', 'slsaprovenance1'];
  assert.equal(await run('attest', ...args, '--predicate', 'predicate.json', image), 0, err);
  const verify = ['verify-attestation', '--key', 'cosign.pub', '--type', 'slsaprovenance1'];
  assert.equal(await run(...verify, image), 0, err);
  assert.equal(await run(...verify, '--policy', 'allow.rego', image), 0, err);
  assert.match(err, /satisfies the policy/);
  assert.equal(await run(...verify, '--policy', 'deny.rego', image), 1);
  assert.match(err, /1 of 1 attestation\(s\) fail the policy/);
  assert.equal(await run(...verify, '--policy', 'broken.rego', image), 2);
  assert.match(err, /^sigil: rego_parse_error: /);
});
