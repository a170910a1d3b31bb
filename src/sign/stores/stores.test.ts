import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactStoreContract } from '../artifacts/store.case.ts';
import { OciLayoutArtifactStore } from './layout-store.ts';

artifactStoreContract('OciLayoutArtifactStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sigil-layout-store-'));
  return new OciLayoutArtifactStore(join(dir, 'layout'));
});
