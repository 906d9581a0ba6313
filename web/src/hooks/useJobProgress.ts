// Work the server runs in the background (202 {id}): poll its status until it is over.
// Use together with useAction so the button that started it shows progress meanwhile:
//   const [watch, job] = useJobProgress<LinkCheckRunView>((id) => `/link-checks/${id}`, (run) => run.status === 'done' || run.status === 'failed');
//   const [start, starting] = useAction(async () => { const { id } = await api.post(...); await watch(id); });
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';

export const JOB_POLL_INTERVAL_MS = 1000;

export function useJobProgress<T>(pathOf: (id: number) => string, isOver: (job: T) => boolean, intervalMs = JOB_POLL_INTERVAL_MS) {
  const [job, setJob] = useState<T | null>(null);
  const alive = useRef(true);
  const pathRef = useRef(pathOf);
  pathRef.current = pathOf;
  const overRef = useRef(isOver);
  overRef.current = isOver;

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  /** Resolves with the finished job; rejects (ApiError) when its status cannot be read. */
  const watch = useCallback(
    async (id: number): Promise<T | null> => {
      setJob(null);
      for (;;) {
        const current = await api.get<T>(pathRef.current(id));
        if (!alive.current) return null;
        setJob(current);
        if (overRef.current(current)) return current;
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
        if (!alive.current) return null;
      }
    },
    [intervalMs],
  );

  const clear = useCallback(() => setJob(null), []);
  return [watch, job, clear] as const;
}
