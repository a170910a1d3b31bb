import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { evaluateRecord } from './index.ts';

// The answer key in fixtures/summary-cases.tsv was written by hand from the records (see
// fixtures/PROVENANCE.md); this test checks the evaluator reaches the same verdict on every row.
const FIXTURES = new URL('./fixtures/', import.meta.url);

interface Case {
  readonly ecosystem: string;
  readonly name: string;
  readonly version: string;
  readonly record: string;
  readonly expected: 'affected' | 'not-affected' | 'withdrawn';
}

function cases(): Case[] {
  return readFileSync(new URL('summary-cases.tsv', FIXTURES), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [ecosystem, name, version, record, expected] = l.split('\t') as [
        string,
        string,
        string,
        string,
        Case['expected'],
      ];
      return { ecosystem, name, version, record, expected };
    });
}

function load(path: string): unknown {
  return JSON.parse(readFileSync(new URL(`records/${path}`, FIXTURES), 'utf8'));
}

describe('real advisories against the answer key', () => {
  const all = cases();

  it('covers npm, PyPI and Debian rows', () => {
    assert.ok(all.length >= 180);
    for (const eco of ['npm', 'PyPI', 'Debian:12'])
      assert.ok(
        all.some((c) => c.ecosystem === eco),
        eco,
      );
  });

  for (const c of all) {
    it(`${c.ecosystem} ${c.name} ${c.version} × ${c.record} → ${c.expected}`, () => {
      const verdict = evaluateRecord(load(c.record), {
        ecosystem: c.ecosystem,
        name: c.name,
        version: c.version,
      });
      if (c.expected === 'withdrawn') {
        assert.equal(verdict.kind, 'withdrawn');
        return;
      }
      assert.equal(verdict.kind, 'evaluated');
      assert.equal(verdict.kind === 'evaluated' && verdict.affected, c.expected === 'affected');
    });
  }
});
