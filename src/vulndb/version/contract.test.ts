import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSigilError } from '../../core/index.ts';
import { COMPARATORS, MAX_VERSION_LENGTH } from './index.ts';
import type { VersionComparator } from './index.ts';

// Versions each ordering must accept, chosen to exercise its own grammar (epochs, tildes,
// suffixes, qualifiers, pre-releases) so the order laws are tested where they are subtle.
const SAMPLES: Readonly<Record<string, readonly string[]>> = {
  dpkg: [
    '1.0',
    '1:0.9',
    '1.0-1',
    '1.0~rc1',
    '1.0~~',
    '1.0+b1',
    '1.0-0',
    '1.0a',
    '2.7.4+reloaded2-13ubuntu1',
    '0.0.0-a',
    '10',
  ],
  apk: [
    '1.0',
    '1.0-r1',
    '1.0_alpha',
    '1.0_alpha2',
    '1.0_p1',
    '1.0a',
    '1.01',
    '1.0~abc1-r0',
    '2',
    '1.0_rc1-r3',
    '1.0bc',
  ],
  rpm: [
    '1.0',
    '1:1.0',
    '1.0-1',
    '1.0~rc1',
    '1.0^git1',
    '1.0a',
    '1.0-',
    'a',
    '1_0',
    '2.0.0~~',
    '1.0-1.el8_1',
  ],
  npm: [
    '1.0.0',
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-1',
    '1.0.0+build',
    '2.0.0',
    '0.0.1',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
  ],
  crates: ['1.0.0', '1.0.0-alpha', '1.0.0-alpha.1', '0.1.0', '1.2.3+meta', '10.0.0'],
  go: [
    'v1.0.0',
    '1.0.0',
    'v0.0.0-20191109021931-daa7c04131f5',
    'v2.0.0+incompatible',
    'v1.2',
    'v1.0.0-rc.1',
  ],
  pep440: [
    '1.0',
    '1.0.0',
    '1!0.5',
    '1.0a1',
    '1.0b2',
    '1.0rc1',
    '1.0.post1',
    '1.0.dev1',
    '1.0+local.1',
    '1.0+local.a',
    '0.1-bulbasaur',
    '2017.11.05',
  ],
  maven: [
    '1',
    '1.0',
    '1.0-alpha-1',
    '1.0-beta',
    '1.0-SNAPSHOT',
    '1.0-sp',
    '1.0-xyz',
    '1.0-1',
    '1a1',
    '1.0.RELEASE',
    '2.0.1-123',
  ],
  rubygems: ['1', '1.0', '1.0.a', '1.0.b1', '1.0.0.pre', '1.2-3', '3.10', '3.2', '1.0.a.10'],
  nuget: ['1.0', '1.0.0.0', '1.0.0.1', '1.0.0-beta', '1.0.0-BETA.2', '1.0.0+meta', '2.0.0-rc.1'],
  packagist: [
    '1.0',
    '1.0.0',
    '1.0-dev',
    '1.0a1',
    '1.0RC1',
    '1.0pl1',
    'v1.0',
    '1.0-beta.2',
    'dev-main',
    '2.0.0-patch1',
  ],
  semver: [
    '1.0.0',
    'v1.0.0',
    '1.0',
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0+b',
    '1.2.3.4',
    '999999999999999999999.0.0',
  ],
};

function check(c: VersionComparator, samples: readonly string[]): void {
  const parsed = samples.map((s) => c.parse(s));
  const cmp = (i: number, j: number): number => c.compare(parsed[i]!, parsed[j]!);
  const n = parsed.length;
  for (let i = 0; i < n; i++) {
    assert.equal(cmp(i, i), 0, `${c.name}: ${samples[i]} is not equal to itself`);
    for (let j = 0; j < n; j++) {
      const r = cmp(i, j);
      assert.ok(r === -1 || r === 0 || r === 1, `${c.name}: compare returned ${r}`);
      assert.equal(
        cmp(j, i),
        -r || 0,
        `${c.name}: ${samples[i]} vs ${samples[j]} is not antisymmetric`,
      );
      for (let k = 0; k < n; k++) {
        if (r <= 0 && cmp(j, k) <= 0) {
          assert.ok(
            cmp(i, k) <= 0,
            `${c.name}: ${samples[i]} <= ${samples[j]} <= ${samples[k]} not transitive`,
          );
        }
      }
    }
  }
}

function assertInvalid(c: VersionComparator, input: unknown): void {
  assert.throws(
    () => c.parse(input as string),
    (err) => isSigilError(err, 'VERSION_INVALID'),
    `${c.name} accepted ${JSON.stringify(input)?.slice(0, 40)}`,
  );
}

describe('version comparator contract', () => {
  it('names a sample for every comparator', () => {
    assert.deepEqual(COMPARATORS.map((c) => c.name).sort(), Object.keys(SAMPLES).sort());
  });

  for (const c of COMPARATORS) {
    describe(c.name, () => {
      it('is a total order on its samples (reflexive, antisymmetric, transitive)', () => {
        check(c, SAMPLES[c.name]!);
      });

      it('rejects empty, over-long and non-string input with VERSION_INVALID', () => {
        for (const bad of [
          '',
          'x'.repeat(MAX_VERSION_LENGTH + 1),
          '1'.repeat(MAX_VERSION_LENGTH + 1),
          undefined,
          null,
          5,
          {},
        ]) {
          assertInvalid(c, bad);
        }
      });

      it('keeps the order laws on random strings it accepts', () => {
        // Deterministic fuzz: strings over the characters version grammars care about.
        const alphabet = '0123456789.-_+~^:abcprvxAZ!*';
        let seed = 99;
        const next = (n: number): number => {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          return seed % n;
        };
        const accepted: string[] = [];
        for (let i = 0; i < 1500; i++) {
          const s = Array.from(
            { length: 1 + next(12) },
            () => alphabet[next(alphabet.length)],
          ).join('');
          try {
            c.parse(s);
            accepted.push(s);
          } catch (err) {
            assert.ok(
              isSigilError(err, 'VERSION_INVALID'),
              `${c.name} threw ${String(err)} for ${JSON.stringify(s)}`,
            );
          }
        }
        check(c, [...SAMPLES[c.name]!.slice(0, 4), ...accepted.slice(0, 16)]);
      });

      it('never throws anything but VERSION_INVALID on hostile strings', () => {
        const hostile = [
          '1.0\n',
          '\u0000',
          '1 0',
          '-',
          ':',
          '..',
          '~',
          '^',
          '+',
          '1:',
          'v',
          '1-',
          '\u{1F600}',
          '1.0.'.repeat(60),
        ];
        for (const s of hostile) {
          try {
            const p = c.parse(s);
            assert.equal(c.compare(p, p), 0, `${c.name}: ${JSON.stringify(s)} not equal to itself`);
          } catch (err) {
            assert.ok(
              isSigilError(err, 'VERSION_INVALID'),
              `${c.name} threw ${String(err)} for ${JSON.stringify(s)}`,
            );
          }
        }
      });
    });
  }
});
