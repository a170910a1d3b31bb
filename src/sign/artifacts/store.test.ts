import { artifactStoreContract } from './store.case.ts';
import { MemoryArtifactStore } from './store.ts';

artifactStoreContract('MemoryArtifactStore', () => Promise.resolve(new MemoryArtifactStore()));
