// Shows a unit's name from its id (parent, successor), fetching each unit once.
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { UnitView } from '../api/schema';

const cache = new Map<string, Promise<UnitView>>();

export function UnitName({ id }: { id: number | null | undefined }) {
  const [name, setName] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (id === null || id === undefined) return;
    const key = String(id);
    if (!cache.has(key)) cache.set(key, api.get<UnitView>(`/units/${key}`));
    let live = true;
    cache.get(key)!.then(
      (unit) => live && setName(unit.name),
      () => {
        cache.delete(key);
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [id]);
  if (id === null || id === undefined) return <>—</>;
  if (failed) return <>单位 {String(id)}（无法读取名称）</>;
  return <>{name ?? '…'}</>;
}
