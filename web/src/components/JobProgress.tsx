// Progress of a background job (link check, poll): bar, done/total and counters.
import type { ReactNode } from 'react';
import { Alert, Progress, Space, Typography } from 'antd';

interface JobProgressProps {
  title: string;
  /** Omitted for jobs that do not count their steps (the bar then only shows the state). */
  done?: number;
  total?: number;
  /** running / done / failed */
  state: 'running' | 'done' | 'failed';
  counters?: ReactNode;
  error?: string | null;
  /** Makes the box closable (e.g. after a failure the person has read). */
  onClose?: () => void;
}

export function JobProgress({ title, done, total, state, counters, error, onClose }: JobProgressProps) {
  const counted = done !== undefined && total !== undefined;
  const percent = counted && total > 0 ? Math.round((done / total) * 100) : state === 'running' ? (counted ? 0 : 50) : 100;
  const status = state === 'failed' ? 'exception' : state === 'done' ? 'success' : 'active';
  const stateText = state === 'failed' ? '失败' : state === 'done' ? '已完成' : '进行中';
  return (
    <Alert
      data-testid="job-progress"
      type={state === 'failed' ? 'error' : state === 'done' ? 'success' : 'info'}
      style={{ marginBottom: 16 }}
      closable={onClose ? { onClose, 'aria-label': '关闭' } : undefined}
      title={
        <Space wrap>
          <Typography.Text strong>{title}</Typography.Text>
          <span>{stateText}</span>
          {counted ? (
            <span>
              {done}/{total}
            </span>
          ) : null}
          {counters}
        </Space>
      }
      description={
        <>
          <Progress percent={percent} status={status} size="small" />
          {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
        </>
      }
    />
  );
}
