// Starting a link check (POST /api/link-checks → 202) and following it to the end.
import { Space, Typography } from 'antd';
import { api } from '../api/client';
import type { Id, LinkCheckRun } from '../api/types';
import { useAction } from '../hooks/useApiError';
import { useJobProgress } from '../hooks/useJobProgress';
import { HEALTH_LABELS } from '../labels';
import { JobProgress } from './JobProgress';

export type LinkCheckTarget = { columnIds: Id[] } | { unitId: Id } | Record<string, never>;

/** `[start, running, run]`: start(target) resolves when the run is over; `running` drives the button. */
export function useLinkCheck(onFinished: (run: LinkCheckRun) => void) {
  const [watch, run] = useJobProgress<LinkCheckRun>(
    (id) => `/link-checks/${id}`,
    (r) => r.status === 'done' || r.status === 'failed',
  );
  const [start, running] = useAction(async (target: LinkCheckTarget) => {
    const body: Record<string, unknown> = {};
    if ('columnIds' in target) body.columnIds = target.columnIds.map(Number);
    if ('unitId' in target) body.unitId = Number(target.unitId);
    const { id } = await api.post<{ id: Id; status: string }>('/link-checks', body);
    const finished = await watch(id);
    if (finished) onFinished(finished);
  });
  return [start, running, run] as const;
}

export function LinkCheckProgress({ run }: { run: LinkCheckRun | null }) {
  if (!run) return null;
  return (
    <JobProgress
      title="链接检查"
      done={run.done}
      total={run.total}
      state={run.status === 'done' ? 'done' : run.status === 'failed' ? 'failed' : 'running'}
      error={run.status === 'failed' ? `检查中断：${run.error ?? '原因未知'}` : null}
      counters={
        <Space size={12} data-testid="link-check-counters">
          <Typography.Text type="success">
            {HEALTH_LABELS.ok} {run.ok}
          </Typography.Text>
          <Typography.Text type="danger">
            {HEALTH_LABELS.broken} {run.broken}
          </Typography.Text>
          <Typography.Text type="warning">
            {HEALTH_LABELS.unverifiable} {run.unverifiable}
          </Typography.Text>
        </Space>
      }
    />
  );
}
