// What the read model hands inspections (re-exported by inspections/auto-items.ts): the facts of
// many accounts as they stood at an inspection date. Plain data; what they mean is decided there.

/** An account that may be drawn: open at the inspection date, with its unit's name. */
export interface CandidateAccount {
  id: number;
  name: string;
  platform: string;
  unitId: number;
  unitName: string;
  unitCode: string | null;
}

/** A finding as stored: its evidence parsed, not yet judged (severity, evidence time). */
export interface FindingRow {
  id: number;
  kind: string;
  message: string;
  evidence: Record<string, unknown>;
  detectedAt: Date;
}

export interface ColumnFact {
  id: number;
  name: string;
  url: string;
  checkedAt: Date;
}

export interface TaskFact {
  id: number;
  title: string;
  dueAt: Date;
}

export interface PostFact {
  id: number;
  title: string;
  url: string | null;
  publishedAt: Date;
}
