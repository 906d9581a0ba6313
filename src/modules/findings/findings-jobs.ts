/** The findings scan job on the JOB_QUEUE and what a scan counts. */

export const FINDINGS_SCAN_JOB = 'findings-scan';

/** A unit of detector work on the JOB_QUEUE: the whole register, or some accounts. */
export interface FindingsScanJob {
  /** The scan run to report on (manual and scheduled full scans). */
  scanId?: number;
  /** Only these accounts (after a lifecycle change or a poll); absent = everything. */
  accountIds?: number[];
  /**
   * Also run the post detectors (the 错敏词 check, any other reading `posts`) over these
   * accounts' posts (after new posts). The name is kept for jobs already queued.
   */
  errorWords?: boolean;
}

export interface ScanCounts {
  accounts: number;
  posts: number;
  opened: number;
  updated: number;
  resolved: number;
}
