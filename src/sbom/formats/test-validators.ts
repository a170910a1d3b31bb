// Test-only: validators for the official CycloneDX 1.6 and SPDX 2.3 JSON schemas.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { FIXTURES } from '../test-helpers.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const require = createRequire(import.meta.url);
const cdxSchemas = join(
  dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')),
  'res',
  'schema',
);
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

export function cycloneDxValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // bom-1.6 refers to its companions by their SNAPSHOT file names.
  for (const name of ['spdx', 'jsf-0.82']) {
    const schema = json(join(cdxSchemas, `${name}.SNAPSHOT.schema.json`));
    ajv.addSchema({ ...schema, $id: `http://cyclonedx.org/schema/${name}.SNAPSHOT.schema.json` });
  }
  return ajv.compile(json(join(cdxSchemas, 'bom-1.6.SNAPSHOT.schema.json')));
}

export function spdxValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(json(join(FIXTURES, 'schemas/spdx-2.3.schema.json')));
}
