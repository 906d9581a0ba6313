// Value unions the UI names on their own (labels, filters, tags), each derived from the
// generated contract (schema.ts, `npm run api:types`). Aliases only: no hand-written shapes.
import type {
  AccountView,
  AlertChannelView,
  AlertDeliveryView,
  AlertListItemView,
  ColumnView,
  ContactView,
  DiscoveryRowView,
  DormantAccountView,
  ErrorWordView,
  FindingView,
  HandoverFlagView,
  LinkCheckRunView,
  PlatformView,
  PostStatsView,
  QuarterlyReportView,
  RecentRunView,
  RecertificationItemView,
  RepostComplianceUnitView,
  RepostEvidenceView,
  ReportUnitRowView,
  SourceView,
  SystemStatusView,
  TransitionDto,
  UnitView,
  UserView,
} from './schema';

export type AccountState = AccountView['state'];
export type TransitionAction = TransitionDto['action'];
export type Role = UserView['role'];
export type UnitKind = UnitView['kind'];
export type UnitStatus = UnitView['status'];
/** A platform code from the platform registry (GET /api/platforms), e.g. `wechat`. */
export type Platform = PlatformView['code'];
export type LinkHealth = ColumnView['health'];
export type RunStatus = LinkCheckRunView['status'];
export type RunTrigger = LinkCheckRunView['trigger'];
export type AlertKind = AlertListItemView['kind'];
export type AlertStatus = AlertListItemView['status'];
export type ChannelKind = AlertChannelView['kind'];
export type DeliveryStatus = AlertDeliveryView['status'];
export type DeliveryEvent = AlertDeliveryView['event'];
export type SourceKind = SourceView['kind'];
export type SourceErrorKind = NonNullable<SourceView['lastErrorKind']>;
export type StatsGroup = PostStatsView['groupBy'];
export type RepostStatus = RepostComplianceUnitView['status'];
export type MatchedBy = RepostEvidenceView['matchedBy'];
export type FindingKind = FindingView['kind'];
export type FindingStatus = FindingView['status'];
export type ErrorWordCategory = ErrorWordView['category'];
export type RecertStatus = RecertificationItemView['status'];
export type HandoverReason = HandoverFlagView['reason'];
export type ContactSource = ContactView['source'];
export type ReportStatus = QuarterlyReportView['status'];
export type TargetSource = ReportUnitRowView['targetSource'];
export type SystemRunKind = RecentRunView['kind'];
export type QueueDriver = SystemStatusView['driver'];
export type DiscoveryStatus = DiscoveryRowView['status'];
export type TriageState = NonNullable<DiscoveryRowView['triage']>;
export type DormantSuggestion = DormantAccountView['suggestion'];
