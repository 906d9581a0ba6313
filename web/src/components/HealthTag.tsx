import { Tag } from 'antd';
import type { LinkHealth } from '../api/models';
import { HEALTH_COLORS, HEALTH_LABELS } from '../labels';

export function HealthTag({ health }: { health: LinkHealth }) {
  return (
    <Tag color={HEALTH_COLORS[health]} data-testid="health-tag">
      {HEALTH_LABELS[health] ?? health}
    </Tag>
  );
}
