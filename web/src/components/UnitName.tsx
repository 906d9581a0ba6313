// Shows a unit's name from its id (parent, successor, the unit of an alert or a finding), from
// the units list every component shares (units.tsx): one request per page, however many rows.
import { useUnit } from '../units';

export function UnitName({ id }: { id: number | null | undefined }) {
  const lookup = useUnit(id);
  if (lookup === null) return <>—</>;
  if (lookup.status === 'failed') return <>单位 {String(id)}（无法读取名称）</>;
  return <>{lookup.status === 'found' ? lookup.unit.name : '…'}</>;
}
