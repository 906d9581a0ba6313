export const ROLES = ['admin', 'reviewer', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** The person making a request, as every service sees it. */
export interface Actor {
  id: number;
  username: string;
  role: Role;
  /** Set for operators: the only unit whose data they may see and change. */
  unitId: number | null;
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  reviewer: '审核员',
  operator: '信息员',
  viewer: '只读',
};
