// Shapes of the HTTP contract (/work/shared/design/api.md) as the UI uses them.

export type Id = number | string;

export type Role = 'admin' | 'reviewer' | 'operator' | 'viewer';

export interface User {
  id: Id;
  username: string;
  role: Role;
  unitId: Id | null;
  unitName?: string | null;
  disabled: boolean;
  createdAt?: string;
}

export interface LoginResult {
  accessToken: string;
  user: User;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type UnitKind = 'town' | 'department' | 'committee' | 'other';
export type UnitStatus = 'active' | 'abolished';

export interface Unit {
  id: Id;
  name: string;
  kind: UnitKind;
  code: string | null;
  parentId: Id | null;
  contactName: string | null;
  contactPhone: string | null;
  status: UnitStatus;
  abolishedAt: string | null;
  abolishReason: string | null;
  successorUnitId: Id | null;
  accountCount?: number;
}

export type Platform = 'wechat' | 'weibo' | 'toutiao' | 'douyin' | 'kuaishou' | 'bilibili' | 'other';

export type AccountState =
  | 'applied'
  | 'approved'
  | 'rejected'
  | 'opened'
  | 'deregistration_requested'
  | 'deregistered';

export type TransitionAction =
  | 'approve'
  | 'reject'
  | 'open'
  | 'request_deregistration'
  | 'cancel_deregistration'
  | 'deregister';

export interface UserRef {
  id: Id;
  username: string;
}

export interface Account {
  id: Id;
  unitId: Id;
  unitName: string;
  platform: Platform;
  name: string;
  platformAccountId: string | null;
  homepageUrl: string | null;
  operatorName: string | null;
  operatorPhone: string | null;
  purpose: string | null;
  justification: string | null;
  filingNumber: string | null;
  state: AccountState;
  appliedAt: string | null;
  approvedAt: string | null;
  rejectedAt: string | null;
  openedAt: string | null;
  deregistrationRequestedAt: string | null;
  deregisteredAt: string | null;
  lastReason: string | null;
  appliedBy: UserRef | null;
  createdAt: string;
  updatedAt: string;
  /** Present on GET /api/accounts/:id: the transitions the current user may perform now. */
  allowedActions?: TransitionAction[];
}

export interface HistoryEntry {
  at: string;
  actor: UserRef | null;
  action: TransitionAction | 'create' | 'update' | string;
  fromState: AccountState | null;
  toState: AccountState | null;
  reason: string | null;
  changes: unknown;
}

export interface Overview {
  accountsByState: Partial<Record<AccountState, number>>;
  accountsByPlatform: Partial<Record<Platform, number>>;
  pendingReview: number;
  unitsWithoutAccount: { id: Id; name: string }[];
}

export interface ImportResult {
  imported: number;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface RowError {
  row: number;
  message: string;
}
