export { readTar, TAR_LIMITS } from './reader.ts';
export type { TarEntry, TarReadLimits } from './reader.ts';
export { TarWriter } from './writer.ts';
export type { TarWriteHeader } from './writer.ts';
export type { TarHeader, TarEntryType } from './header.ts';
