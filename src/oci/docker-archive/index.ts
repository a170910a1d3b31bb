export { openDockerArchive } from './archive-source.ts';
export type { DockerArchiveSource } from './archive-source.ts';
export { createDockerArchiveDestination } from './archive-destination.ts';
export type { DockerArchiveDestination } from './archive-destination.ts';
