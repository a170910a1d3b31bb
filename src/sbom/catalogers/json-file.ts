import type { FileRecord, FileTree } from '../layers/file-tree.ts';
import type { ResultBuilder } from './types.ts';

/** Parse a kept JSON file, or warn (naming the path) and return undefined. */
export function readJson(files: FileTree, record: FileRecord, out: ResultBuilder): unknown {
  const bytes = files.read(record.path);
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    out.warn('PACKAGE_METADATA_INVALID', `${record.path}: ${(err as Error).message}`, record.path);
    return undefined;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
