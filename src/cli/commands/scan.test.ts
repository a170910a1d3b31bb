import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { sigil } from '../../../test/helpers/cli.ts';
import { systemClock } from '../../core/index.ts';
import { openImageSource } from '../../oci/index.ts';
import { repoRoot, sharedImageLayout } from '../../oci/testing/shared-fixtures.ts';
import { catalogImage, renderImageSbom, toCycloneDx } from '../../sbom/index.ts';
import { fixtureDb, tempDir } from '../../vulndb/db/test-support/fixtures.ts';
import { makeScanCommand } from './scan.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const require = createRequire(import.meta.url);
const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const layout = sharedImageLayout();
const shared = process.env.SIGIL_SHARED_DIR ?? path.join(repoRoot, '..', 'shared');

interface JsonFinding {
  id: string;
  cves: string[];
  severity: string;
  status: string;
  package: { name: string; purl: string };
  suppressed: { kind: string; reason: string } | null;
}
interface JsonReport {
  schema: string;
  findings: JsonFinding[];
  summary: Record<string, number>;
}

describe('sigil scan', { skip: layout === undefined && 'shared fixture images absent' }, () => {
  const tmp = tempDir();
  const dbPath = path.join(tmp.dir, 'db.sqlite');
  const sbom = path.join(tmp.dir, 'node-app.cdx.json');
  const sigilSbom = path.join(tmp.dir, 'node-app.sigil.json');
  const file = (name: string, text: string) => {
    const p = path.join(tmp.dir, name);
    writeFileSync(p, text);
    return p;
  };
  const scanSbom = (...args: string[]) => sigil(['scan', '--db', dbPath, '--sbom', sbom, ...args]);
  let all: JsonFinding[] = [];
  let critical: JsonFinding[] = [];

  before(async () => {
    fixtureDb(tmp.dir).close();
    const src = await openImageSource(`oci:${layout}:node-app`);
    const { image, catalog } = await catalogImage(src).finally(() => src.close());
    const bom = toCycloneDx({ subject: { name: 'node-app', digest: image.digest }, ...catalog });
    writeFileSync(sbom, JSON.stringify(bom));
    writeFileSync(
      sigilSbom,
      renderImageSbom('sigil-json', { reference: 'node-app', image, catalog }),
    );
    const r = await scanSbom('--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    all = (JSON.parse(r.stdout) as JsonReport).findings;
    critical = all.filter((f) => f.severity === 'CRITICAL');
  });
  after(() => tmp.cleanup());

  test('an image scan and scans of its CycloneDX and sigil-json SBOMs find the same advisories', async () => {
    const r = await sigil(['scan', '--db', dbPath, '--format', 'json', `oci:${layout}:node-app`]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.schema, 'sigil.scan/v1');
    const ids = (fs: JsonFinding[]) => fs.map((f) => `${f.id} ${f.package.purl}`).sort();
    assert.deepEqual(ids(report.findings), ids(all));
    assert.ok(all.length > 10 && critical.length > 0, 'node-app has findings, some critical');
    const viaSigil = await sigil(['scan', '--db', dbPath, '--format', 'json', '--sbom', sigilSbom]);
    assert.equal(viaSigil.code, 0, viaSigil.stderr);
    const sigilReport = JSON.parse(viaSigil.stdout) as JsonReport;
    assert.deepEqual(ids(sigilReport.findings), ids(all), 'sigil-json SBOM: same findings');
  });

  test('--fail-on exits 1 at or above the severity, 0 below; --severity filters first', async () => {
    assert.equal((await scanSbom('--fail-on', 'critical')).code, 1);
    const low = await scanSbom('--fail-on', 'low', '--severity', 'none');
    assert.equal(low.code, 0);
    assert.match(low.stdout, /No vulnerabilities found/);
    assert.equal((await scanSbom('--fail-on', 'bogus')).code, 2);
  });

  test('--ignore-unfixed drops findings with no fix', async () => {
    const r = await scanSbom('--ignore-unfixed', '--format', 'json');
    const left = (JSON.parse(r.stdout) as JsonReport).findings;
    assert.equal(left.length, all.filter((f) => f.status === 'fixed').length);
    assert.ok(left.length < all.length);
  });

  test('ignore file: ids and purls, YAML or text; an expired entry stops ignoring with a warning', async () => {
    const ids = critical.map((f) => f.id);
    const text = file(
      'ignore.txt',
      ids.map((id) => `${id} expires=2999-01-01 # accepted risk`).join('\n'),
    );
    assert.equal((await scanSbom('--fail-on', 'critical', '--ignore-file', text)).code, 0);
    const yaml = file(
      'ignore.yaml',
      `ignore:\n${critical.map((f) => `  - purl: ${f.package.purl.replace(/@.*$/, '')}\n    reason: vendored\n`).join('')}`,
    );
    assert.equal((await scanSbom('--fail-on', 'critical', '--ignore-file', yaml)).code, 0);
    const expired = file(
      'expired.yaml',
      `- id: ${ids[0]}\n  expires: 2020-01-01\n${ids
        .slice(1)
        .map((id) => `- ${id}\n`)
        .join('')}`,
    );
    const r = await scanSbom('--fail-on', 'critical', '--ignore-file', expired);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`IGNORE_EXPIRED: ignore entry ${ids[0]} expired`));
    assert.equal(
      (await scanSbom('--ignore-file', file('bad.yaml', '- expires: 2020-01-01\n'))).code,
      2,
    );
  });

  test('OpenVEX not_affected suppresses (vulnerability, product); --show-suppressed marks them', async () => {
    const statements = critical.map((f) => ({
      vulnerability: { name: f.cves[0] ?? f.id },
      products: [{ '@id': f.package.purl }],
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path',
    }));
    const doc = {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://example.com/vex/1',
      author: 'test',
      timestamp: '2026-01-01T00:00:00Z',
      version: 1,
      statements,
    };
    const vex = file('vex.json', JSON.stringify(doc));
    assert.equal((await scanSbom('--fail-on', 'critical', '--vex', vex)).code, 0);
    const shown = await scanSbom(
      '--fail-on',
      'critical',
      '--vex',
      vex,
      '--show-suppressed',
      '--format',
      'json',
    );
    assert.equal(shown.code, 0);
    const report = JSON.parse(shown.stdout) as JsonReport;
    const marked = report.findings.filter((f) => f.suppressed !== null);
    assert.deepEqual(marked.map((f) => f.id).sort(), critical.map((f) => f.id).sort());
    assert.ok(
      marked.every((f) => f.suppressed?.kind === 'vex' && f.suppressed.reason === 'not_affected'),
    );
    assert.equal(report.summary['CRITICAL'], 0);
    const other = {
      ...doc,
      statements: statements.map((s) => ({
        ...s,
        products: [{ '@id': 'pkg:npm/unrelated@1.0.0' }],
      })),
    };
    assert.equal(
      (await scanSbom('--fail-on', 'critical', '--vex', file('other.json', JSON.stringify(other))))
        .code,
      1,
    );
  });

  test('--max-db-age makes an older database an error (DB_STALE, exit 2)', async () => {
    const r = await scanSbom('--max-db-age', '0');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /DB_STALE/);
    assert.equal((await scanSbom('--max-db-age', '100000')).code, 0);
  });

  test('a database older than 3 days is warned about (clock injected), the scan still runs', async () => {
    const later = new Date(Date.now() + 30 * 86_400_000);
    const cmd = makeScanCommand({ clock: { ...systemClock, now: () => later } });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const chunks: string[] = [];
    stderr.on('data', (c: Buffer) => chunks.push(c.toString()));
    stdout.resume();
    const ctx = { stdout, stderr, stdin: Readable.from([]), env: {}, cwd: tmp.dir, isTTY: false };
    const code = await cmd.run(ctx, { db: dbPath, sbom }, []);
    assert.equal(code, 0);
    assert.match(chunks.join(''), /warning: DB_STALE: advisory database is \d+\.\d days old/);
  });

  test('SARIF 2.1.0 output validates against the schema', async () => {
    const out = path.join(tmp.dir, 'scan.sarif');
    const r = await scanSbom(
      '--format',
      'sarif',
      '-o',
      out,
      '--vex',
      file('v.json', '{"@context":"https://openvex.dev/ns/v0.2.0","statements":[]}'),
    );
    assert.equal(r.code, 0, r.stderr);
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    addFormats(ajv);
    // The schema is draft-04; its only draft-04-specific keywords are `$schema` and `id`.
    const {
      $schema: _draft,
      id,
      ...schema
    } = json(path.join(shared, 'fixtures', 'schemas', 'sarif-2.1.0.schema.json')) as Record<
      string,
      unknown
    >;
    const validate = ajv.compile({ ...schema, $id: String(id) });
    const doc = json(out) as { runs: { results: unknown[] }[] };
    assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(doc.runs[0]?.results.length, all.length);
  });

  test('CycloneDX 1.6 output (vulnerabilities) validates against the schema', async () => {
    const r = await scanSbom(
      '--format',
      'cyclonedx-json',
      '--show-suppressed',
      '--ignore-file',
      file('i.txt', `${critical[0]?.id}\n`),
    );
    assert.equal(r.code, 0, r.stderr);
    const schemas = path.join(
      path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')),
      'res',
      'schema',
    );
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    addFormats(ajv);
    for (const name of ['spdx', 'jsf-0.82']) {
      const schema = json(path.join(schemas, `${name}.SNAPSHOT.schema.json`)) as object;
      ajv.addSchema({ ...schema, $id: `http://cyclonedx.org/schema/${name}.SNAPSHOT.schema.json` });
    }
    const validate = ajv.compile(
      json(path.join(schemas, 'bom-1.6.SNAPSHOT.schema.json')) as object,
    );
    const doc = JSON.parse(r.stdout) as { vulnerabilities: { id: string; analysis?: unknown }[] };
    assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.deepEqual(
      [...new Set(doc.vulnerabilities.map((v) => v.id))].sort(),
      [...new Set(all.map((f) => f.id))].sort(),
    );
    assert.ok(
      doc.vulnerabilities.some((v) => v.id === critical[0]?.id && v.analysis !== undefined),
    );
  });

  test('the table groups by package with the upgrade version and ends with counts', async () => {
    const r = await scanSbom();
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(
      lines.at(-1) ?? '',
      new RegExp(
        `^${all.length} findings in \\d+ packages: CRITICAL ${critical.length}, HIGH \\d+`,
      ),
    );
    assert.ok(
      lines.some((l) => /^\S+ \S+ \[npm\]\s+upgrade to \S+$/.test(l)),
      'package heading with upgrade version',
    );
  });
});
