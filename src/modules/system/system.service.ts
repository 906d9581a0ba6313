import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { FindingScansRepository } from '../findings/finding-scans.repository';
import { InspectionsRepository } from '../inspections/inspections.repository';
import { LinkCheckRunsRepository } from '../link-health/link-check-runs.repository';
import { PollRunsRepository } from '../polling/poll-runs.repository';
import { RecentRunView, SystemStatusView } from './system.responses';

export type RunKind = 'link_check' | 'poll' | 'findings_scan' | 'inspection_evaluation';

const RECENT = 10;

const iso = (date: Date | null | undefined): string | null => (date ? new Date(date).toISOString() : null);

/** What the 运行状态 page shows: the queue per job name, the workers, the schedules and the latest runs (reads only). */
@Injectable()
export class SystemService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly linkRuns: LinkCheckRunsRepository,
    private readonly pollRuns: PollRunsRepository,
    private readonly scans: FindingScansRepository,
    private readonly inspections: InspectionsRepository,
  ) {}

  async status(): Promise<SystemStatusView> {
    const up = await this.queue.ping();
    const [stats, workers, schedules, recentRuns] = await Promise.all([
      up ? this.queue.stats().catch(() => ({})) : Promise.resolve({}),
      up ? this.queue.listWorkers().catch(() => []) : Promise.resolve([]),
      up ? this.queue.listSchedules().catch(() => []) : Promise.resolve([]),
      this.recentRuns(),
    ]);
    return {
      driver: this.queue.driver,
      queueUp: up,
      runJobs: this.config.runJobs,
      queues: Object.entries(stats)
        .map(([name, counts]) => ({ name, waiting: counts.waiting, active: counts.active, failed: counts.failed }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      workers: workers.map((w) => ({ name: w.name, addr: w.addr ?? null, startedAt: iso(w.startedAt), queues: [...w.queues].sort() })),
      schedules: schedules
        .map((s) => ({ name: s.name, pattern: s.pattern ?? null, tz: s.tz ?? null, everyMs: s.everyMs ?? null, next: iso(s.next) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      recentRuns,
    };
  }

  private async recentRuns(): Promise<RecentRunView[]> {
    const [links, polls, scans, evaluations] = await Promise.all([
      this.linkRuns.recent(RECENT),
      this.pollRuns.recent(RECENT),
      this.scans.recent(RECENT),
      this.inspections.recentEvaluations(RECENT),
    ]);
    const runs: RecentRunView[] = [
      ...links.map((r) => ({
        kind: 'link_check' as const,
        id: r.id,
        status: r.status,
        trigger: r.trigger,
        total: r.total,
        done: r.done,
        createdAt: iso(r.createdAt),
        startedAt: iso(r.startedAt),
        finishedAt: iso(r.finishedAt),
      })),
      ...polls.map((r) => ({
        kind: 'poll' as const,
        id: r.id,
        status: r.status,
        trigger: r.trigger,
        total: r.total,
        done: r.succeeded + r.failed,
        createdAt: iso(r.startedAt),
        startedAt: iso(r.startedAt),
        finishedAt: iso(r.finishedAt),
      })),
      ...scans.map((r) => ({
        kind: 'findings_scan' as const,
        id: r.id,
        status: r.status,
        trigger: r.trigger,
        total: r.postsTotal,
        done: r.status === 'done' ? r.posts + r.skipped : r.posts,
        createdAt: iso(r.createdAt),
        startedAt: iso(r.startedAt),
        finishedAt: iso(r.finishedAt),
      })),
      // An inspection round's evaluation is always asked for by a person (POST …/evaluate).
      ...evaluations.map((r) => ({
        kind: 'inspection_evaluation' as const,
        id: r.id,
        status: r.status,
        trigger: 'manual',
        total: r.total,
        done: r.done,
        roundId: r.roundId,
        createdAt: iso(r.createdAt),
        startedAt: iso(r.startedAt),
        finishedAt: iso(r.finishedAt),
      })),
    ];
    const when = (r: RecentRunView) => r.startedAt ?? r.createdAt ?? '';
    return runs.sort((a, b) => when(b).localeCompare(when(a)));
  }
}
