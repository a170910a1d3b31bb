import type { ScanResult } from '../types.ts';

export interface RenderOptions {
  readonly toolVersion: string;
  /** Report time (CycloneDX metadata); injected so output is reproducible. */
  readonly now: Date;
}

/** One report format: a name for `--format` and a renderer to text. */
export interface ReportFormat {
  readonly name: string;
  render(result: ScanResult, opts: RenderOptions): string;
}
