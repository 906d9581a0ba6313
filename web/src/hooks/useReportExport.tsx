// A report file built in the background (POST /api/reports/exports → poll → download), with a
// progress box while it is built. The box closes once the file has been handed to the browser;
// when building or downloading fails it stays, showing why, until the person closes it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client';
import type { ReportExportView } from '../api/schema';
import { JobProgress } from '../components/JobProgress';
import { useAction } from './useApiError';

export const EXPORT_POLL_INTERVAL_MS = 300;

export interface ExportRequest {
  report: ReportExportView['report'];
  quarter: string;
  format: ReportExportView['format'];
  live?: boolean;
}

interface Progress {
  title: string;
  job: ReportExportView | null;
  /** Set when it failed: the message the box shows. */
  failure: string | null;
}

export function useReportExport() {
  const [progress, setProgress] = useState<Progress | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const build = useCallback(async (request: ExportRequest, title: string) => {
    setProgress({ title, job: null, failure: null });
    try {
      let job = await api.post<ReportExportView>('/reports/exports', request);
      if (alive.current) setProgress({ title, job, failure: null });
      while (job.status === 'queued' || job.status === 'running') {
        await new Promise((resolve) => setTimeout(resolve, EXPORT_POLL_INTERVAL_MS));
        if (!alive.current) return;
        job = await api.get<ReportExportView>(`/reports/exports/${job.id}`);
        if (alive.current) setProgress({ title, job, failure: null });
      }
      if (job.status === 'failed') throw new Error(job.error ? `导出失败：${job.error}` : '导出失败，请稍后重试');
      await api.download(`/reports/exports/${job.id}/file`, job.fileName ?? `${title}.${request.format}`);
      if (alive.current) setProgress(null); // handed to the browser: nothing left to watch
    } catch (err) {
      if (alive.current) setProgress((p) => (p ? { ...p, failure: errorMessage(err) } : p));
      throw err;
    }
  }, []);

  // The button's loading state and the error message (as for any action).
  const [start, running] = useAction(build);

  const box = progress ? (
    <JobProgress
      title={`生成${progress.title}`}
      state={progress.failure ? 'failed' : progress.job?.status === 'done' ? 'done' : 'running'}
      counters={!progress.job || progress.job.status === 'queued' ? <span>排队中</span> : progress.job.fileName ? <span>{progress.job.fileName}</span> : null}
      error={progress.failure}
      onClose={progress.failure ? () => setProgress(null) : undefined}
    />
  ) : null;
  return { start, running, box };
}
