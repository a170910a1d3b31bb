import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCredential } from './credentials.ts';
import { RegistryClient } from './client.ts';
import { json, startFake } from '../../../test/helpers/fake-registry.ts';

function sandbox(t: import('node:test').TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'sigil-creds-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const home = join(dir, 'home');
  mkdirSync(join(home, '.docker'), { recursive: true });
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const env = { PATH: `${bin}:/usr/bin:/bin` };
  const dockerConfig = (doc: object) =>
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify(doc));
  // A docker-credential-<name> program answering for one server URL, logging what it was asked.
  const helper = (name: string, server: string, reply: object) => {
    const file = join(bin, `docker-credential-${name}`);
    writeFileSync(
      file,
      `#!/bin/sh\nread server\necho "$1 $server" >> "${join(dir, 'asked')}"\n` +
        `if [ "$server" = "${server}" ]; then echo '${JSON.stringify(reply)}'; exit 0; fi\n` +
        `echo "credentials not found in native keychain"; exit 1\n`,
    );
    chmodSync(file, 0o755);
  };
  return { dir, home, env, dockerConfig, helper };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

test('docker config auths: auth, username/password, identitytoken, Docker Hub key', async (t) => {
  const s = sandbox(t);
  s.dockerConfig({
    auths: {
      'https://index.docker.io/v1/': { auth: b64('hubuser:hub:pass') },
      'reg.example:5000': { username: 'u', password: 'p' },
      'https://ghcr.io': { identitytoken: 'refresh' },
      'quay.io/org': { auth: b64('scoped:x') },
    },
  });
  const find = (r: string) => findCredential(r, { env: s.env, home: s.home });
  assert.deepEqual(await find('docker.io'), {
    kind: 'basic',
    username: 'hubuser',
    password: 'hub:pass',
  });
  assert.deepEqual(await find('reg.example:5000'), { kind: 'basic', username: 'u', password: 'p' });
  assert.deepEqual(await find('ghcr.io'), { kind: 'identity-token', token: 'refresh' });
  assert.equal(
    await find('quay.io'),
    undefined,
    'repository-scoped keys do not cover the registry',
  );
  assert.equal(await find('other.example'), undefined);
});

test('REGISTRY_AUTH_FILE is read before the Docker config; XDG_RUNTIME_DIR otherwise', async (t) => {
  const s = sandbox(t);
  s.dockerConfig({ auths: { 'r.example': { username: 'docker', password: 'd' } } });
  const authFile = join(s.dir, 'auth.json');
  writeFileSync(authFile, JSON.stringify({ auths: { 'r.example': { auth: b64('podman:p') } } }));
  const viaFile = await findCredential('r.example', {
    env: { ...s.env, REGISTRY_AUTH_FILE: authFile },
    home: s.home,
  });
  assert.equal(viaFile?.kind === 'basic' && viaFile.username, 'podman');
  mkdirSync(join(s.dir, 'run', 'containers'), { recursive: true });
  writeFileSync(
    join(s.dir, 'run', 'containers', 'auth.json'),
    JSON.stringify({ auths: { 'r.example': { auth: b64('xdg:p') } } }),
  );
  const viaXdg = await findCredential('r.example', {
    env: { ...s.env, XDG_RUNTIME_DIR: join(s.dir, 'run') },
    home: s.home,
  });
  assert.equal(viaXdg?.kind === 'basic' && viaXdg.username, 'xdg');
  const plain = await findCredential('r.example', { env: s.env, home: s.home });
  assert.equal(plain?.kind === 'basic' && plain.username, 'docker');
});

test('credHelpers and credsStore run docker-credential-<name> get from PATH', async (t) => {
  const s = sandbox(t);
  s.helper('fake', 'r.example', { ServerURL: 'r.example', Username: 'helped', Secret: 's3cret' });
  s.helper('store', 'https://index.docker.io/v1/', { Username: '<token>', Secret: 'idtok' });
  s.dockerConfig({
    credHelpers: { 'r.example': 'fake' },
    credsStore: 'store',
    auths: { 'x.example': { auth: b64('fallback:f') } },
  });
  const find = (r: string) => findCredential(r, { env: s.env, home: s.home });
  assert.deepEqual(await find('r.example'), {
    kind: 'basic',
    username: 'helped',
    password: 's3cret',
  });
  assert.deepEqual(await find('docker.io'), { kind: 'identity-token', token: 'idtok' });
  assert.deepEqual(
    await find('x.example'),
    { kind: 'basic', username: 'fallback', password: 'f' },
    'store has none: auths used',
  );
});

test('broken configs and helpers are CREDENTIALS_ERROR', async (t) => {
  const s = sandbox(t);
  s.dockerConfig({
    credHelpers: { 'missing.example': 'absent', 'evil.example': '../../bin/sh' },
    auths: { 'bad.example': { auth: b64('nocolon') } },
  });
  const find = (r: string) => findCredential(r, { env: s.env, home: s.home });
  await assert.rejects(find('missing.example'), { code: 'CREDENTIALS_ERROR' });
  await assert.rejects(find('evil.example'), { code: 'CREDENTIALS_ERROR' });
  await assert.rejects(find('bad.example'), { code: 'CREDENTIALS_ERROR' });
  writeFileSync(join(s.home, '.docker', 'config.json'), '{not json');
  await assert.rejects(find('any.example'), { code: 'CREDENTIALS_ERROR' });
});

test('the client asks the credential helper only when the registry demands credentials', async (t) => {
  const s = sandbox(t);
  const registry = await startFake((req, res) => {
    if (req.headers.authorization !== 'Basic ' + b64('helped:s3cret')) {
      return json(res, 401, {}, { 'www-authenticate': 'Basic realm="r"' });
    }
    json(res, 200, { tags: ['v1'] });
  });
  t.after(() => registry.close());
  s.helper('fake', registry.host, { Username: 'helped', Secret: 's3cret' });
  s.dockerConfig({ credHelpers: { [registry.host]: 'fake' } });
  const c = new RegistryClient({ env: s.env, home: s.home });
  assert.deepEqual(await c.listTags({ registry: registry.host, repository: 'app' }), ['v1']);
  assert.deepEqual(await c.listTags({ registry: registry.host, repository: 'app' }), ['v1']);
  assert.equal(
    readFileSync(join(s.dir, 'asked'), 'utf8'),
    `get ${registry.host}\n`,
    'helper ran once',
  );
});
