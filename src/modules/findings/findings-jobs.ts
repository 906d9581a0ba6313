/** The findings scan jobs on the JOB_QUEUE and what a scan counts. */

export const FINDINGS_SCAN_JOB = 'findings-scan';
/** The rescan after a change of the 错敏词 library or the leaders (one job id: a burst of edits joins). */
export const FINDINGS_RULES_JOB = 'findings-rules-rescan';

/** A unit of detector work on the JOB_QUEUE: the whole register, or some accounts. */
export interface FindingsScanJob {
  /** The scan run to report on (manual, scheduled and rules-change scans). */
  scanId?: number;
  /** Only these accounts (after a lifecycle change or a poll); absent = everything. */
  accountIds?: number[];
  /**
   * Also run the post detectors (the 错敏词 check, any other reading `posts`) over these
   * accounts' new and changed posts (after new posts). The name is kept for jobs already queued.
   */
  errorWords?: boolean;
  /** Every post, changed or not. */
  full?: boolean;
  /** The post detectors only (a rules-change rescan). */
  postsOnly?: boolean;
}

export interface ScanCounts {
  accounts: number;
  /** Posts run through the post detectors. */
  posts: number;
  /** Posts in reach: posts + skipped once done. */
  postsTotal: number;
  /** Posts unchanged since their last scan under the same ruleset. */
  skipped: number;
  opened: number;
  updated: number;
  resolved: number;
  /** The ruleset fingerprint the posts were scanned with. */
  ruleset: string | null;
}
