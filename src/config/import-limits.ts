/** What an uploaded table may be (api.md, Security rules v1.1); IMPORT_* settings override the defaults. */
export interface ImportLimits {
  /** Data rows below the header (each import may set a lower limit of its own). */
  maxDataRows: number;
  maxColumns: number;
  maxZipEntries: number;
  maxUncompressedBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxDataRows: 20000,
  maxColumns: 200,
  maxZipEntries: 500,
  maxUncompressedBytes: 100 * 1024 * 1024,
};
