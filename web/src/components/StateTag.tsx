import { Tag } from 'antd';
import type { AccountState } from '../api/models';
import { STATE_COLORS, STATE_LABELS } from '../labels';

export function StateTag({ state }: { state: AccountState }) {
  return <Tag color={STATE_COLORS[state]}>{STATE_LABELS[state] ?? state}</Tag>;
}
