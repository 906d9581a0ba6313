// Loads data for a page; the latest request wins. Errors are kept for the page to show.
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface RequestState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

export function useRequest<T>(fetcher: () => Promise<T>, deps: DependencyList): RequestState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const fetcherRef = useRef(fetcher);
  // The effect below calls the latest fetcher without re-running on each new closure (deps decide).
  // eslint-disable-next-line react-hooks/refs
  fetcherRef.current = fetcher;

  useEffect(() => {
    const id = ++latest.current;
    // A new request starts: loading until it settles (the point of this effect).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setLoading(true);
    fetcherRef
      .current()
      .then((result) => {
        if (id !== latest.current) return;
        setData(result);
        setError(null);
      })
      .catch((err: unknown) => {
        if (id === latest.current) setError(err);
      })
      .finally(() => {
        if (id === latest.current) setLoading(false);
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
