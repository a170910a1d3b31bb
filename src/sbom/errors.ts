import { SigilError } from '../core/index.ts';

/**
 * Codes the SBOM domain throws or reports as warnings. Fatal ones are thrown as SbomError;
 * the rest travel as {@link CatalogWarning}s so a scan still finishes and names the file it
 * could not read.
 */
export type SbomErrorCode =
  | 'LAYER_PATH_UNSAFE'
  | 'LAYER_PATH_ABSOLUTE'
  | 'LAYER_ENTRY_LIMIT'
  | 'LAYER_LINK_INVALID'
  | 'FILE_TOO_LARGE'
  | 'CONTENT_BUDGET_EXCEEDED'
  | 'SYMLINK_LOOP'
  | 'PACKAGE_DB_INVALID'
  | 'PACKAGE_METADATA_INVALID'
  | 'OS_RELEASE_INVALID'
  | 'CATALOGER_FAILED'
  | 'SOURCE_DATE_EPOCH_INVALID'
  | 'SBOM_FORMAT_UNKNOWN';

export class SbomError extends SigilError {
  declare readonly code: SbomErrorCode;

  constructor(code: SbomErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'SbomError';
  }
}

/** A problem that did not stop the catalog: which file, what went wrong. */
export interface CatalogWarning {
  readonly code: SbomErrorCode;
  readonly message: string;
  readonly path?: string;
}
