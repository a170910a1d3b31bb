import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { compileAffected, evaluateAffected, evaluateRecord } from './index.ts';

function entry(ecosystem: string, ranges: unknown[], versions?: string[]): unknown {
  return { package: { ecosystem, name: 'p' }, ranges, ...(versions ? { versions } : {}) };
}
const eco = (...events: object[]): object => ({ type: 'ECOSYSTEM', events });
const affected = (e: unknown, v: string): boolean => evaluateAffected(e, v).affected;

describe('OSV range evaluation', () => {
  it('treats introduced "0" as below every version', () => {
    const e = entry('Debian:12', [eco({ introduced: '0' })]);
    for (const v of ['0~~', '0', '1:0.1', '999']) assert.equal(affected(e, v), true, v);
  });

  it('is half-open for fixed and closed for last_affected', () => {
    const fixed = entry('npm', [eco({ introduced: '1.0.0' }, { fixed: '1.2.0' })]);
    assert.deepEqual(
      ['0.9.0', '1.0.0', '1.1.9', '1.2.0-rc.1', '1.2.0'].map((v) => affected(fixed, v)),
      [false, true, true, true, false],
    );
    const last = entry('npm', [eco({ introduced: '1.0.0' }, { last_affected: '1.2.0' })]);
    assert.deepEqual(
      ['1.2.0', '1.2.1'].map((v) => affected(last, v)),
      [true, false],
    );
  });

  it('sorts events by the ecosystem order before walking them', () => {
    // Unsorted, two pairs in one range; in string order 10.0 would sort before 9.0.
    const e = entry('PyPI', [
      eco({ fixed: '10.1' }, { introduced: '10.0' }, { fixed: '9.1' }, { introduced: '0' }),
    ]);
    assert.deepEqual(
      ['9.0', '9.1', '9.5', '10.0', '10.0.5', '10.1'].map((v) => affected(e, v)),
      [true, false, false, true, true, false],
    );
  });

  it('orders events with the ecosystem ordering (dpkg epochs and tildes)', () => {
    const e = entry('Debian:12', [eco({ introduced: '0' }, { fixed: '1:1.3.dfsg-2' })]);
    assert.equal(affected(e, '1:1.2.13.dfsg-1'), true);
    assert.equal(affected(e, '1.9'), true); // no epoch = epoch 0, below 1:
    const tilde = entry('Debian:12', [eco({ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' })]);
    assert.equal(affected(tilde, '3.0.11-1~deb12u1'), true);
    assert.equal(affected(tilde, '3.0.11-1'), false);
  });

  it('bounds a range by its limit events', () => {
    const e = entry('npm', [eco({ introduced: '0' }, { limit: '2.0.0' }, { limit: '3.5.0' })]);
    assert.deepEqual(
      ['1.0.0', '3.0.0', '3.5.0'].map((v) => affected(e, v)),
      [true, true, false],
    );
    assert.equal(affected(entry('npm', [eco({ introduced: '0' }, { limit: '*' })]), '9.9.9'), true);
  });

  it('matches several ranges and returns the fixes that apply', () => {
    const e = entry('npm', [
      eco({ introduced: '0' }, { fixed: '2.6.9' }),
      eco({ introduced: '3.0.0' }, { fixed: '3.1.0' }),
    ]);
    assert.deepEqual(evaluateAffected(e, '3.0.5'), {
      affected: true,
      matchedBy: 'range',
      fixed: ['3.1.0'],
      notes: [],
    });
    assert.deepEqual(evaluateAffected(e, '2.6.9').affected, false);
    const pairs = entry('npm', [
      eco({ introduced: '0' }, { fixed: '1.0.0' }, { introduced: '2.0.0' }, { fixed: '2.5.0' }),
    ]);
    assert.deepEqual(evaluateAffected(pairs, '0.5.0').fixed, ['1.0.0']);
    assert.deepEqual(evaluateAffected(pairs, '2.1.0').fixed, ['2.5.0']);
    assert.equal(affected(pairs, '1.5.0'), false);
  });

  it('matches the explicit versions list with the ecosystem equality', () => {
    const e = entry('PyPI', [], ['2017.11.05', '1.0']);
    assert.equal(evaluateAffected(e, '2017.11.5').matchedBy, 'versions');
    assert.equal(affected(e, '1.0.0'), true);
    assert.equal(affected(e, '1.0.1'), false);
  });

  it('skips GIT ranges with a note, and uses the rest', () => {
    const e = entry('PyPI', [
      {
        type: 'GIT',
        repo: 'https://example.invalid/r',
        events: [{ introduced: '0' }, { fixed: 'abc' }],
      },
      eco({ introduced: '0' }, { fixed: '2.0' }),
    ]);
    const v = evaluateAffected(e, '1.0');
    assert.equal(v.affected, true);
    assert.deepEqual(
      v.notes.map((n) => n.code),
      ['GIT_RANGE_SKIPPED'],
    );
  });

  it('evaluates SEMVER ranges of ecosystems without their own ordering by SemVer 2.0', () => {
    const e = {
      package: { ecosystem: 'Pub', name: 'p' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.0' }] }],
    };
    assert.equal(affected(e, '1.1.9'), true);
    assert.equal(affected(e, '1.2.0'), false);
    const unknown = {
      package: { ecosystem: 'Pub', name: 'p' },
      ranges: [eco({ introduced: '0' })],
    };
    assert.deepEqual(
      evaluateAffected(unknown, '1.0.0').notes.map((n) => n.code),
      ['ECOSYSTEM_UNKNOWN'],
    );
  });

  it('reports unreadable ranges instead of guessing', () => {
    const bad = [
      [{ type: 'ECOSYSTEM', events: [] }, 'RANGE_INVALID'],
      [{ type: 'ECOSYSTEM', events: [{ introduced: '0', fixed: '1.0.0' }] }, 'RANGE_INVALID'],
      [{ type: 'ECOSYSTEM', events: [{ introduced: 5 }] }, 'RANGE_INVALID'],
      [
        { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: 'not a version' }] },
        'EVENT_VERSION_INVALID',
      ],
      [{ type: 'ECOSYSTEM', events: [{ fixed: '1.0.0' }] }, 'RANGE_NO_INTRODUCED'],
      [{ type: 'SOMETHING', events: [] }, 'RANGE_TYPE_UNKNOWN'],
    ] as const;
    for (const [range, code] of bad) {
      const v = evaluateAffected(entry('npm', [range]), '0.5.0');
      assert.equal(v.affected, false);
      assert.deepEqual(
        v.notes.map((n) => n.code),
        [code],
      );
    }
    assert.deepEqual(
      evaluateAffected(entry('npm', [eco({ introduced: '0' })]), 'x.y').notes.map((n) => n.code),
      ['VERSION_INVALID'],
    );
  });

  it('throws OSV_INVALID only for entries that are not OSV at all', () => {
    for (const e of [null, 5, 'x', [], { ranges: 'x' }, { versions: {} }]) {
      assert.throws(() => compileAffected(e), { code: 'OSV_INVALID' });
    }
    assert.throws(
      () => compileAffected({ ranges: new Array(1001).fill(eco({ introduced: '0' })) }),
      { code: 'OSV_INVALID' },
    );
  });
});

describe('real records', () => {
  const load = (p: string): unknown =>
    JSON.parse(readFileSync(new URL(`./fixtures/records/${p}`, import.meta.url), 'utf8'));

  it('returns the fixed version of the matching range (lodash)', () => {
    const v = evaluateRecord(load('npm/GHSA-r5fr-rjxr-66jc.json'), {
      ecosystem: 'npm',
      name: 'lodash',
      version: '4.17.15',
    });
    assert.equal(v.kind, 'evaluated');
    assert.deepEqual(v.kind === 'evaluated' && v.fixed, ['4.18.0']);
  });

  it('compares Debian source versions, not binNMU binary versions', () => {
    // DSA-5532-1 fixes openssl in 3.0.11-1~deb12u2; a binNMU of an older source is still affected.
    const rec = load('Debian-12/DSA-5532-1.json');
    const at = (version: string): unknown => {
      const v = evaluateRecord(rec, { ecosystem: 'Debian:12', name: 'openssl', version });
      return v.kind === 'evaluated' && v.affected;
    };
    assert.equal(at('3.0.11-1~deb12u1'), true);
    assert.equal(at('3.0.11-1~deb12u1+b1'), true);
    assert.equal(at('3.0.11-1~deb12u2'), false);
  });

  it('does not apply an entry to another package or ecosystem', () => {
    const rec = load('npm/GHSA-r5fr-rjxr-66jc.json');
    assert.equal(
      evaluateRecord(rec, { ecosystem: 'npm', name: 'underscore', version: '4.17.15' }).kind,
      'not-applicable',
    );
    assert.equal(
      evaluateRecord(rec, { ecosystem: 'PyPI', name: 'lodash', version: '4.17.15' }).kind,
      'not-applicable',
    );
  });

  it('matches PyPI names in PEP 503 form', () => {
    const rec = load('PyPI/GHSA-8q59-q68h-6hv4.json');
    const v = evaluateRecord(rec, { ecosystem: 'PyPI', name: 'pyyaml', version: '5.3' });
    assert.equal(v.kind === 'evaluated' && v.affected, true);
  });
});
