// The rescan of every post after the 错敏词 library or the leaders changed (a findings scan run
// with trigger `rules`, started a few seconds after the last edit): shown on the library and
// leaders pages while it waits, runs, or has just finished. Office users only (the scan list is theirs).
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { FindingScanView } from '../api/schema';
import { useCurrentUser } from '../auth';
import { can } from '../permissions';
import { JobProgress } from './JobProgress';

/** How long after an edit the page waits to see the rescan start (an unchanged list starts none). */
const WAIT_FOR_START_MS = 20_000;
const POLL_MS = 1500;
/** Server and browser clocks may differ a little. */
const CLOCK_SLACK_MS = 5_000;

interface Props {
  /** When this page last saved a change (ms since epoch), 0 before any. */
  changedAt: number;
}

export function RulesRescanProgress({ changedAt }: Props) {
  const user = useCurrentUser();
  const allowed = can.scanFindings(user);
  const [latest, setLatest] = useState<FindingScanView | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!allowed) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const runs = await api.get<FindingScanView[]>('/findings/scans', { trigger: 'rules' });
        if (stopped) return;
        const run = runs[0] ?? null;
        setLatest(run);
        setNow(Date.now());
        const busy = run !== null && (run.status === 'queued' || run.status === 'running');
        const waiting = changedAt > 0 && !startedAfter(run, changedAt) && Date.now() - changedAt < WAIT_FOR_START_MS;
        if (busy || waiting) timer = setTimeout(load, POLL_MS);
      } catch {
        // The page works without it; the 运行状态 page lists the run too.
      }
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [allowed, changedAt]);

  if (!allowed) return null;
  const busy = latest !== null && (latest.status === 'queued' || latest.status === 'running');
  if (changedAt > 0 && !startedAfter(latest, changedAt) && now - changedAt < WAIT_FOR_START_MS) {
    return <JobProgress title="重新检查全部发布" state="running" counters={<span>修改结束几秒后开始（连续修改只检查一次）</span>} />;
  }
  if (!latest || (!busy && !(changedAt > 0 && startedAfter(latest, changedAt)))) return null;
  return (
    <JobProgress
      title="重新检查全部发布"
      state={busy ? 'running' : latest.status === 'failed' ? 'failed' : 'done'}
      done={latest.posts}
      total={latest.postsTotal}
      counters={
        <span>
          新发现 {latest.opened} 条，已消除 {latest.resolved} 条
        </span>
      }
      error={latest.error}
    />
  );
}

function startedAfter(run: FindingScanView | null, changedAt: number): boolean {
  return run !== null && new Date(run.createdAt).getTime() >= changedAt - CLOCK_SLACK_MS;
}
