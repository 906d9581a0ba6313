/** The seed's summary (seed-demo.ts returns it and prints it). */
import type { DemoDiscoverySummary } from './demo-discovery';
import type { DemoInspection } from './demo-inspection';
import type { DemoRectificationsSummary } from './demo-rectifications';

export interface DemoUser {
  username: string;
  password: string;
  role: string;
  unit: string | null;
}

/** What the seed wrote and what the system reports back for the demo quarter. */
export interface DemoSummary extends DemoRectificationsSummary {
  quarter: string;
  units: number;
  users: DemoUser[];
  accountsByState: Record<string, number>;
  imported: { posts: number; reposts: number; files: number };
  tasks: number;
  columns: number;
  linkRun: { id: number; status: string; total: number; ok: number; broken: number; unverifiable: number };
  /** What the system now reports for the quarter (read back through the services). */
  reproduced: { posts: number; reposts: number; repostNonCompliantUnits: string[]; brokenLinkUnits: string[]; goodUnits: string[]; inspection: DemoInspection };
  /** The default quarterly targets set for the quarter. */
  targets: { posts: number; reposts: number };
  discovery: DemoDiscoverySummary;
}
