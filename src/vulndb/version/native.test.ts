import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { dpkg, packagist, rpm } from './index.ts';
import type { VersionComparator } from './index.ts';

// Cross-checks against the real tools on this machine. Pairs are drawn deterministically from
// the reference tables and recombined, so they include comparisons no table spells out.

function versionsOf(file: string): string[] {
  const text = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length === 3 && !line.startsWith('#') && !line.startsWith('//')) {
      out.add(f[0]!);
      out.add(f[2]!);
    }
  }
  return [...out];
}

// A small linear congruential generator: the same sample on every run.
function samplePairs(versions: string[], count: number): [string, string][] {
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % versions.length;
  };
  const pairs: [string, string][] = [];
  for (let i = 0; i < count; i++) pairs.push([versions[next()]!, versions[next()]!]);
  return pairs;
}

function ours(c: VersionComparator, a: string, b: string): number {
  return c.compare(c.parse(a), c.parse(b));
}

function has(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

describe('native tools agree', () => {
  const haveDpkg = has('dpkg', ['--version']);
  it('dpkg --compare-versions', { skip: haveDpkg ? false : 'dpkg is not installed' }, () => {
    const versions = versionsOf('debian-versions-generated.txt');
    const pairs = [
      ...samplePairs(versions, 60),
      ['1.0~rc1', '1.0'],
      ['1:0.9', '2.0'],
      ['1.0', '1.0-0'],
    ];
    for (const [a, b] of pairs as [string, string][]) {
      const r = ours(dpkg, a, b);
      const op = r < 0 ? 'lt' : r > 0 ? 'gt' : 'eq';
      const res = spawnSync('dpkg', ['--compare-versions', a, op, b]);
      assert.equal(res.status, 0, `dpkg disagrees: ${a} ${op} ${b}`);
    }
  });

  const haveRpm = has('rpm', ['--version']);
  it('rpm.vercmp', { skip: haveRpm ? false : 'rpm is not installed (apt-get install rpm)' }, () => {
    const text = readFileSync(
      new URL('./fixtures/rpm.rpmvercmp-verified.tsv', import.meta.url),
      'utf8',
    );
    const versions = [
      ...new Set(
        text
          .split('\n')
          .filter((l) => l && !l.startsWith('#'))
          .flatMap((l) =>
            l
              .split('\t')
              .slice(1, 4)
              .filter((_, i) => i !== 1),
          ),
      ),
    ];
    const pairs: [string, string][] = [
      ...samplePairs(versions, 200),
      ['1.0~rc1', '1.0'],
      ['1.0^git1', '1.0'],
      ['1:1.0', '2.0'],
      ['1.0-1.el8', '1.0-1.el8_1'],
      ['2.0.1a', '2.0.1'],
      ['1.0-', '1.0'],
    ];
    const script = pairs
      .map(([a, b]) => `print(rpm.vercmp(${JSON.stringify(a)}, ${JSON.stringify(b)})) print(" ")`)
      .join(' ');
    const res = spawnSync('rpm', ['--eval', `%{lua: ${script}}`], { encoding: 'utf8' });
    const theirs = res.stdout.trim().split(/\s+/).map(Number);
    assert.deepEqual(
      pairs.map(([a, b]) => ours(rpm, a, b)),
      theirs,
    );
  });

  const havePhp = has('php', ['-v']);
  it(
    'PHP version_compare',
    { skip: havePhp ? false : 'php is not installed (apt-get install php-cli)' },
    () => {
      // PHP does not strip a leading `v` (Composer does, and so do we), so leave those out.
      const versions = versionsOf('packagist-versions-generated.txt').filter((v) => !/^v/i.test(v));
      const pairs = samplePairs(versions, 2000);
      const code =
        'foreach (json_decode(stream_get_contents(STDIN)) as $p) echo version_compare($p[0], $p[1]), "\\n";';
      const res = spawnSync('php', ['-r', code], {
        input: JSON.stringify(pairs),
        encoding: 'utf8',
      });
      const theirs = res.stdout.trim().split('\n').map(Number);
      assert.equal(theirs.length, pairs.length);
      const wrong = pairs.filter(([a, b], i) => ours(packagist, a, b) !== theirs[i]);
      assert.deepEqual(wrong, []);
    },
  );
});
