import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  apk,
  dpkg,
  isValidApkVersion,
  maven,
  nuget,
  packagist,
  pep440,
  rpm,
  rubygems,
  semverGeneric,
} from './index.ts';
import type { VersionComparator } from './index.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);

interface Pair {
  readonly a: string;
  readonly op: '<' | '=' | '>';
  readonly b: string;
  readonly line: number;
}

/** Reads `a <op> b` lines (or the tsv's columns 2–4); skips blanks and comments. */
function readPairs(file: string): Pair[] {
  const text = readFileSync(new URL(file, FIXTURES), 'utf8');
  const pairs: Pair[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#') || line.startsWith('//')) return;
    const f = file.endsWith('.tsv') ? raw.split('\t').slice(1, 4) : line.split(/\s+/);
    const [a, op, b] = f;
    if (f.length !== 3 || a === undefined || b === undefined) return;
    const norm = op === '==' ? '=' : op;
    if (norm === '<' || norm === '=' || norm === '>') pairs.push({ a, op: norm, b, line: i + 1 });
  });
  return pairs;
}

function symbol(r: number): string {
  return r < 0 ? '<' : r > 0 ? '>' : '=';
}

/** Every pair of `file` (except `skip`, keyed `a op b`) must agree; returns how many ran. */
function checkTable(
  c: VersionComparator,
  file: string,
  skip: Readonly<Record<string, string>> = {},
): number {
  const pairs = readPairs(file);
  assert.ok(pairs.length > 0, `${file} has no pairs`);
  const wrong: string[] = [];
  for (const p of pairs) {
    const key = `${p.a} ${p.op} ${p.b}`;
    if (key in skip) continue;
    const got = symbol(c.compare(c.parse(p.a), c.parse(p.b)));
    if (got !== p.op) wrong.push(`${file}:${p.line}: ${key} but got ${got}`);
  }
  assert.deepEqual(wrong, []);
  const used = new Set(pairs.map((p) => `${p.a} ${p.op} ${p.b}`));
  for (const k of Object.keys(skip)) assert.ok(used.has(k), `skip entry ${k} not in ${file}`);
  return pairs.length;
}

describe('reference tables produced by the native tools', () => {
  it('dpkg agrees with dpkg on every Debian pair', () => {
    assert.ok(checkTable(dpkg, 'debian-versions-generated.txt') > 14000);
    checkTable(dpkg, 'debian-versions.txt');
  });

  it('rpm agrees with rpm 4.18 rpm.vercmp on every pair', () => {
    assert.ok(checkTable(rpm, 'rpm.rpmvercmp-verified.tsv') > 290);
  });

  it('apk agrees with apk-tools on Alpine package versions', () => {
    assert.ok(checkTable(apk, 'alpine-versions-generated.txt') > 13000);
  });

  it('pep440 agrees with packaging on PyPI versions', () => {
    assert.ok(checkTable(pep440, 'pypi-versions-generated.txt') > 12000);
    checkTable(pep440, 'pypi-versions.txt');
  });

  it('maven agrees with ComparableVersion', () => {
    assert.ok(checkTable(maven, 'maven-versions-generated.txt') > 14000);
    checkTable(maven, 'maven-versions.txt', {
      // Maven 3.9 changed how a qualifier followed by `-<digit>` parses (MNG-7644); the
      // generated table (real Maven) follows the older rule, which we implement.
      '1-1 = 1-ga-1': 'Maven >= 3.9 only',
    });
  });

  it('packagist agrees with PHP version_compare', () => {
    assert.ok(checkTable(packagist, 'packagist-versions-generated.txt') > 10000);
    checkTable(packagist, 'packagist-versions.txt', {
      // PHP 8.2 answers -1 for both (`#` is punctuation to php_canonicalize_version).
      '1.2.3.# = 1.2.3': 'PHP says <',
      '1.2.3.# = 1.2.3.1': 'PHP says <',
    });
  });

  it('rubygems agrees with Gem::Version', () => {
    assert.ok(checkTable(rubygems, 'rubygems-versions-generated.txt') > 4000);
    const skip = {
      // Gem::Version.new('1beta') raises "Malformed version number string".
      '1 > 1beta': 'malformed for RubyGems',
      '1 > 1gamma': 'malformed for RubyGems',
    };
    checkTable(rubygems, 'rubygems-versions.txt', skip);
    assert.throws(() => rubygems.parse('1beta'), { code: 'VERSION_INVALID' });
  });

  it('nuget follows NuGet.Versioning', () => {
    checkTable(nuget, 'nuget-versions.txt');
  });

  it('semver follows SemVer 2.0.0 precedence', () => {
    checkTable(semverGeneric, 'semver-versions.txt');
  });
});

describe("apk-tools' own version.data", () => {
  const text = readFileSync(new URL('apk-tools-version.data', FIXTURES), 'utf8');
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'));

  it('orders every a <op> b line as apk does', () => {
    const pairs = readPairs('apk-tools-version.data');
    assert.ok(pairs.length > 700);
    for (const p of pairs) {
      assert.equal(
        symbol(apk.compare(apk.parse(p.a), apk.parse(p.b))),
        p.op,
        `${p.a} ${p.op} ${p.b}`,
      );
    }
  });

  it('validates as apk_version_validate does', () => {
    const single = lines.filter((l) => !/\s/.test(l));
    assert.ok(single.length > 20);
    for (const l of single) {
      const bad = l.startsWith('!');
      assert.equal(isValidApkVersion(bad ? l.slice(1) : l), !bad, l);
    }
  });
});
