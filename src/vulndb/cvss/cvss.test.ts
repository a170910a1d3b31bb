import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ae from 'ae-cvss-calculator';
import { findingSeverity, scoreCvss, severityOf } from './index.ts';

// metaeffekt's calculator, an independent implementation of all four specifications.
interface AeScores {
  base?: number;
  overall?: number;
}
type AeCtor = new (vector: string) => { calculateScores(): AeScores };
const AE = ((ae as unknown as { CvssCalculator?: unknown }).CvssCalculator ?? ae) as Record<
  string,
  AeCtor
>;

function reference(vector: string): number {
  if (vector.startsWith('CVSS:4.0/')) return new AE['Cvss4P0']!(vector).calculateScores().overall!;
  if (vector.startsWith('CVSS:3.1/')) return new AE['Cvss3P1']!(vector).calculateScores().base!;
  if (vector.startsWith('CVSS:3.0/')) return new AE['Cvss3P0']!(vector).calculateScores().base!;
  return new AE['Cvss2']!(vector).calculateScores().base!;
}

describe('CVSS scores from the specifications', () => {
  // Worked examples of the v2 guide (§3.3), the v3.1 examples document and FIRST's v4.0 calculator.
  const known: [string, number][] = [
    ['AV:N/AC:L/Au:N/C:N/I:N/A:C', 7.8], // CVE-2002-0392
    ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 10.0], // CVE-2003-0818
    ['AV:L/AC:H/Au:N/C:C/I:C/A:C', 6.2], // CVE-2003-0062
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1], // CVE-2013-1937
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
    ['CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10.0],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N/E:A/MAV:A', 8.7],
  ];
  for (const [vector, score] of known) {
    it(`${vector} = ${score}`, () => assert.equal(scoreCvss(vector).score, score));
  }

  it('names the v4.0 nomenclature', () => {
    const base = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    assert.equal(scoreCvss(base).nomenclature, 'CVSS-B');
    assert.equal(scoreCvss(`${base}/E:U`).nomenclature, 'CVSS-BT');
    assert.equal(scoreCvss(`${base}/CR:L`).nomenclature, 'CVSS-BE');
    assert.equal(scoreCvss(`${base}/E:P/MAV:L`).nomenclature, 'CVSS-BTE');
    assert.ok(scoreCvss(`${base}/E:U`).score < scoreCvss(base).score);
  });

  it('maps scores to the qualitative scale', () => {
    assert.deepEqual([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityOf), [
      'NONE',
      'LOW',
      'LOW',
      'MEDIUM',
      'MEDIUM',
      'HIGH',
      'HIGH',
      'CRITICAL',
      'CRITICAL',
    ]);
    assert.equal(scoreCvss('AV:N/AC:L/Au:N/C:C/I:C/A:C').severity, 'HIGH');
  });
});

describe('CVSS agrees with an independent calculator', () => {
  it('on every v2 and v3.x base vector', () => {
    const wrong: string[] = [];
    const check = (v: string): void => {
      if (scoreCvss(v).score !== reference(v)) wrong.push(v);
    };
    for (const av of 'LAN')
      for (const ac of 'HML')
        for (const au of 'MSN')
          for (const c of 'NPC')
            for (const i of 'NPC')
              for (const a of 'NPC') check(`AV:${av}/AC:${ac}/Au:${au}/C:${c}/I:${i}/A:${a}`);
    for (const ver of ['3.0', '3.1'])
      for (const av of 'NALP')
        for (const ac of 'LH')
          for (const pr of 'NLH')
            for (const ui of 'NR')
              for (const s of 'UC')
                for (const c of 'HLN')
                  for (const i of 'HLN')
                    for (const a of 'HLN')
                      check(
                        `CVSS:${ver}/AV:${av}/AC:${ac}/PR:${pr}/UI:${ui}/S:${s}/C:${c}/I:${i}/A:${a}`,
                      );
    assert.deepEqual(wrong, []);
  });

  it('on a sample of v4.0 vectors with threat and environmental metrics', () => {
    let seed = 42;
    const pick = (s: readonly string[]): string => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return s[seed % s.length]!;
    };
    const optional: [string, string[]][] = [
      ['E', ['X', 'A', 'P', 'U']],
      ['CR', ['X', 'H', 'M', 'L']],
      ['IR', ['X', 'H', 'M', 'L']],
      ['AR', ['X', 'H', 'M', 'L']],
      ['MAV', ['X', 'N', 'A', 'L', 'P']],
      ['MAC', ['X', 'L', 'H']],
      ['MAT', ['X', 'N', 'P']],
      ['MPR', ['X', 'N', 'L', 'H']],
      ['MUI', ['X', 'N', 'P', 'A']],
      ['MVC', ['X', 'H', 'L', 'N']],
      ['MVI', ['X', 'H', 'L', 'N']],
      ['MVA', ['X', 'H', 'L', 'N']],
      ['MSC', ['X', 'H', 'L', 'N']],
      ['MSI', ['X', 'S', 'H', 'L', 'N']],
      ['MSA', ['X', 'S', 'H', 'L', 'N']],
    ];
    const wrong: string[] = [];
    for (let k = 0; k < 3000; k++) {
      const b = (s: string): string => pick([...s]);
      let v = `CVSS:4.0/AV:${b('NALP')}/AC:${b('LH')}/AT:${b('NP')}/PR:${b('NLH')}/UI:${b('NPA')}/VC:${b('HLN')}/VI:${b('HLN')}/VA:${b('HLN')}/SC:${b('HLN')}/SI:${b('HLN')}/SA:${b('HLN')}`;
      if (k % 2)
        for (const [m, values] of optional)
          if (pick(['', '', 'y']) === 'y') v += `/${m}:${pick(values)}`;
      if (scoreCvss(v).score !== reference(v)) wrong.push(v);
    }
    assert.deepEqual(wrong, []);
  });

  it('on every vector in the fixture advisories', () => {
    const root = new URL('../osv/fixtures/records/', import.meta.url);
    let count = 0;
    for (const dir of readdirSync(root)) {
      for (const file of readdirSync(new URL(`${dir}/`, root))) {
        const record = JSON.parse(readFileSync(new URL(`${dir}/${file}`, root), 'utf8')) as {
          severity?: { score: string }[];
        };
        for (const s of record.severity ?? []) {
          assert.equal(scoreCvss(s.score).score, reference(s.score), `${file}: ${s.score}`);
          count++;
        }
      }
    }
    assert.ok(count > 100, `only ${count} vectors`);
  });
});

describe('strict parsing', () => {
  const invalid = [
    '',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', // missing A
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H', // repeated
    'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // bad value
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/', // trailing slash
    'CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', // v4 order
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N', // S only in MSI
    'CVSS:5.0/AV:N',
    'AV:N/AC:L/Au:N/C:N/I:N', // v2 missing A
    '(AV:N/AC:L/Au:N/C:N/I:N/A:C)',
    `CVSS:3.1/${'E:X/'.repeat(200)}AV:N`,
  ];
  for (const v of invalid) {
    it(`rejects ${JSON.stringify(v.slice(0, 70))}`, () =>
      assert.throws(() => scoreCvss(v), { code: 'CVSS_INVALID' }));
  }
  it('rejects non-strings with CVSS_INVALID', () => {
    assert.throws(() => scoreCvss(undefined as unknown as string), { code: 'CVSS_INVALID' });
  });
  it('accepts v3 metrics in any order and temporal metrics', () => {
    assert.equal(scoreCvss('CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:U').score, 9.8);
  });
});

describe('findingSeverity', () => {
  const v31 = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' };
  const v4 = {
    type: 'CVSS_V4',
    score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N',
  };
  const v2 = { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:N/A:N' };

  it('prefers v4.0 over v3.x over v2', () => {
    const r = findingSeverity([v2, v31, v4]);
    assert.equal(r.kind === 'cvss' && r.cvss.version, '4.0');
    assert.equal(findingSeverity([v2, v31]).severity, 'CRITICAL');
    assert.equal(findingSeverity([v2]).severity, 'MEDIUM');
  });

  it('falls back to the database rating, then UNKNOWN', () => {
    assert.deepEqual(findingSeverity([], { severity: 'MODERATE' }), {
      kind: 'database',
      severity: 'MEDIUM',
      text: 'MODERATE',
    });
    assert.equal(
      findingSeverity([{ type: 'CVSS_V3', score: 'garbage' }], { severity: 'HIGH' }).severity,
      'HIGH',
    );
    assert.deepEqual(findingSeverity(undefined, {}), { kind: 'unknown', severity: 'UNKNOWN' });
    assert.equal(findingSeverity([{ type: 'CVSS_V2', score: v31.score }]).severity, 'UNKNOWN');
  });
});
