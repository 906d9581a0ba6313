import type { ReportRectifications } from './report-rectifications';
/** The quarterly report (季度通报) as the API returns it and as a snapshot stores it. Plain data. */
import type { ImpostorCase } from '../discovery/discovery-classify';

export type { ImpostorCase };

export interface TargetValue {
  posts: number;
  reposts: number;
}

export type TargetSource = 'unit' | 'default' | 'none';

export interface ReportUnitRow {
  unitId: number;
  unitName: string;
  unitCode: string | null;
  /** `abolished` when the unit was abolished during the period (it still had accounts). */
  unitStatus: 'active' | 'abolished';
  posts: number;
  reposts: number;
  targetPosts: number;
  targetReposts: number;
  targetSource: TargetSource;
  met: boolean;
  /** Accounts open at the end of the period, per platform, and their sum. */
  accountsOpen: number;
  accountsByPlatform: Record<string, number>;
  repostTasks: { required: number; done: number; late: number; missing: number; pending: number };
  brokenColumns: number;
  /** Latest post (发布 or 转发) of its open accounts at or before the end of the period. */
  lastPostAt: string | null;
  inactiveAccounts: number;
  /** Accounts whose re-certification (定期核查) was overdue at the end of the period. */
  recertifyOverdue: number;
  openFindings: number;
  /** Short Chinese phrases for the 存在问题 column of the statistics table. */
  problems: string[];
}

export interface OverdueRecertification {
  accountId: number;
  name: string;
  platform: string;
  unitId: number;
  unitName: string;
  dueAt: string;
}

export interface InactiveAccount {
  accountId: number;
  name: string;
  platform: string;
  unitId: number;
  unitName: string;
  lastPostAt: string | null;
}

export interface FindingGroup {
  kind: string;
  label: string;
  count: number;
  units: string[];
}

/** The quarter's latest final inspection round (api.md v1.1), as the report shows it. */
export interface QuarterInspection {
  id: number;
  passRate: number;
  accounts: number;
  passed: number;
  failed: { accountId: number; name: string; unitId: number; unitName: string; reasons: string[] }[];
}

export interface QuarterlyReport {
  /** The quarter's latest final inspection round; null when none (read at each request: final rounds are frozen). */
  inspection?: QuarterInspection | null;
  quarter: string;
  /** 2023年第三季度 */
  quarterLabel: string;
  period: { from: string; to: string };
  /** The instant the figures describe: the end of the period, or the time of computing for the current quarter. */
  asOf: string;
  current: boolean;
  /** `live` when computed now; `published` when read from the stored snapshot. */
  status: 'live' | 'published';
  publishedAt: string | null;
  publishedBy: string | null;
  generatedAt: string;
  inactiveDays: number;
  defaultTarget: TargetValue | null;
  totals: {
    posts: number;
    reposts: number;
    accountsOpen: number;
    units: number;
    accountsByPlatform: Record<string, number>;
    repostTasks: { tasks: number; required: number; done: number; late: number; missing: number; pending: number };
    brokenColumns: number;
    openFindings: number;
  };
  units: ReportUnitRow[];
  goodUnits: string[];
  unmetUnits: string[];
  zeroPostUnits: string[];
  repostNonCompliantUnits: string[];
  brokenLinkUnits: string[];
  inactiveAccounts: InactiveAccount[];
  /** Missing from snapshots published before re-certification existed. */
  recertifyOverdueAccounts?: OverdueRecertification[];
  findings: FindingGroup[];
  /** [rectify] Orders issued in the quarter; missing from snapshots published before rectification existed. */
  rectifications?: ReportRectifications;
  /** 假冒 cases recorded in the quarter; missing from snapshots published before discovery existed. */
  impostors?: ImpostorCase[];
  /** What the bulletin (DOCX) needs beyond the figures, frozen with them when published. */
  bulletin: ReportBulletin;
}

/** The letterhead and 工作要求 of the bulletin; `documentNumber` and `signedOn` are missing from snapshots published before [polish]. */
export interface ReportBulletin {
  issuer: string;
  requirements: string;
  /** 文号, rendered for the quarter; null: none. */
  documentNumber?: string | null;
  /** 成文日期 (YYYY-MM-DD in APP_TIMEZONE). */
  signedOn?: string;
}
