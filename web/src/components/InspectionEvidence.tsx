// What stands behind an account's vetoes and deductions: the finding, column, post, task or manual note, with links.
import { List, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { EvidenceView, InspectionAccountView } from '../api/schema';
import { EVIDENCE_KIND_LABELS } from '../inspection-labels';
import { formatDate } from '../time';

function EvidenceLine({ e }: { e: EvidenceView }) {
  const label = EVIDENCE_KIND_LABELS[e.kind as keyof typeof EVIDENCE_KIND_LABELS] ?? '证据';
  const target =
    e.kind === 'finding' && e.id ? (
      <Link to={`/findings?status=all`}>问题 #{e.id}</Link>
    ) : e.kind === 'task' && e.id ? (
      <Link to={`/repost-tasks/${e.id}`}>{e.title ?? `任务 #${e.id}`}</Link>
    ) : (
      <span>{e.title ?? ''}</span>
    );
  return (
    <span>
      【{label}】{target}
      {e.kind === 'finding' && e.title ? ` ${e.title}` : ''}
      {e.at ? ` (${formatDate(e.at)})` : ''}
      {e.note ? ` ${e.note}` : ''}
      {e.url ? (
        <>
          {' '}
          <Typography.Link href={e.url} target="_blank" rel="noreferrer">
            查看
          </Typography.Link>
        </>
      ) : null}
    </span>
  );
}

export function InspectionEvidence({ account }: { account: InspectionAccountView }) {
  const items = [
    ...account.vetoes.map((v) => ({ key: `v-${v.code}`, title: `${v.name}（单项否决）`, evidence: v.evidence })),
    ...account.deductions.map((d) => ({ key: `d-${d.code}`, title: `${d.name}：${d.count} 处，扣 ${d.points} 分`, evidence: d.evidence })),
    ...account.bonuses.map((b) => ({ key: `b-${b.code}`, title: `${b.name}：加 ${b.points} 分`, evidence: b.evidence })),
  ];
  if (!items.length) return <Typography.Text type="secondary">未发现扣分项</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(item) => (
        <List.Item key={item.key}>
          <div>
            <Typography.Text strong>{item.title}</Typography.Text>
            {item.evidence.map((e, i) => (
              <div key={i}>
                <EvidenceLine e={e} />
              </div>
            ))}
          </div>
        </List.Item>
      )}
    />
  );
}
