import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogLayers } from '../catalog.ts';
import { memoryLayer } from '../layers/test-layers.ts';
import { fixtureLayer } from '../test-helpers.ts';
import { composerCataloger } from './composer.ts';
import { dotnetDepsCataloger } from './dotnet-deps.ts';
import { gemspecCataloger } from './gemspec.ts';

test('composer installed.json in both formats', async () => {
  for (const file of ['php/composer1-installed.json', 'php/composer2-installed.json']) {
    const c = await catalogLayers([fixtureLayer({ 'app/vendor/composer/installed.json': file })], {
      catalogers: [composerCataloger],
    });
    assert.deepEqual(c.warnings, []);
    assert.deepEqual(
      c.packages.map((p) => [p.purl, p.licenses.join()]),
      [
        ['pkg:composer/asm89/stack-cors@1.3.0', 'MIT'],
        ['pkg:composer/behat/mink@v1.8.1', 'MIT'],
      ],
    );
  }
});

test('deps.json lists NuGet packages, not project references', async () => {
  const c = await catalogLayers(
    [fixtureLayer({ 'app/TestLibrary.deps.json': 'dotnet/TestLibrary.deps.json' })],
    {
      catalogers: [dotnetDepsCataloger],
    },
  );
  const names = c.packages.map((p) => `${p.name}@${p.version}`);
  assert.equal(names.length, 12);
  assert.ok(names.includes('Newtonsoft.Json@13.0.1'));
  assert.ok(names.includes('AWSSDK.Core@3.7.10.6'));
  assert.ok(!names.some((n) => n.startsWith('TestLibrary') || n.startsWith('TestCommon')));
  assert.ok(c.packages.some((p) => p.purl === 'pkg:nuget/Serilog.Sinks.Console@4.0.1'));
});

test('gemspecs under specifications/ are read as text', async () => {
  const dir = 'usr/local/bundle/specifications';
  const c = await catalogLayers(
    [
      fixtureLayer({
        [`${dir}/bundler-2.1.4.gemspec`]: 'ruby/bundler.gemspec',
        [`${dir}/formatador-1.1.0.gemspec`]: 'ruby/formatador.gemspec',
      }),
      memoryLayer('L1', [
        { path: `${dir}/broken-1.gemspec`, content: 'Gem::Specification.new do |s|\nend\n' },
      ]),
    ],
    { catalogers: [gemspecCataloger] },
  );
  assert.deepEqual(
    c.packages.map((p) => [p.purl, p.licenses.join()]),
    [
      ['pkg:gem/bundler@2.1.4', 'MIT'],
      ['pkg:gem/formatador@1.1.0', 'MIT'],
    ],
  );
  assert.deepEqual(
    c.warnings.map((w) => w.path),
    [`${dir}/broken-1.gemspec`],
  );
});

test('a hostile gemspec of blank lines is rejected quickly, not after quadratic backtracking', async () => {
  const start = Date.now();
  const c = await catalogLayers(
    [
      memoryLayer('L', [
        { path: 'specifications/evil.gemspec', content: `${' \n'.repeat(400_000)}x` },
      ]),
    ],
    { catalogers: [gemspecCataloger] },
  );
  assert.equal(c.packages.length, 0);
  assert.ok(Date.now() - start < 2000, `took ${Date.now() - start} ms`);
});
