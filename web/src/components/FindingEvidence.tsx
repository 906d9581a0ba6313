// A finding's evidence in readable form: accounts and posts as links, dates in Beijing time,
// states and platforms by their Chinese labels, content checks through ContentEvidence.
import type { ReactNode } from 'react';
import { Descriptions, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { AccountState } from '../api/models';
import { EVIDENCE_FIELD_LABELS, labelOf, STATE_LABELS } from '../labels';
import { Leaks, Mentions, SeverityTag, Words } from './ContentEvidence';
import { PlatformTag } from '../platforms';
import { formatDateTime } from '../time';

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function AccountRef({ a }: { a: Record<string, Json> }) {
  return (
    <Space size={4} wrap>
      {a.id !== undefined ? <Link to={`/accounts/${String(a.id)}`}>{String(a.name ?? a.id)}</Link> : <span>{String(a.name ?? '')}</span>}
      {a.platform ? (
        <Tag>
          <PlatformTag code={String(a.platform)} />
        </Tag>
      ) : null}
      {a.state ? <Tag>{labelOf(STATE_LABELS, a.state as AccountState)}</Tag> : null}
      {a.unitName ? <Typography.Text type="secondary">{String(a.unitName)}</Typography.Text> : null}
      {a.justification ? <Typography.Text type="secondary">理由：{String(a.justification)}</Typography.Text> : null}
    </Space>
  );
}

function PostRef({ p }: { p: Record<string, Json> }) {
  const title = String(p.title ?? `发布 ${String(p.id ?? '')}`);
  return (
    <Space size={4} wrap>
      {typeof p.url === 'string' && p.url ? (
        <a href={p.url} target="_blank" rel="noreferrer">
          {title}
        </a>
      ) : (
        <span>{title}</span>
      )}
      {p.publishedAt ? <Typography.Text type="secondary">{formatDateTime(String(p.publishedAt))}</Typography.Text> : null}
    </Space>
  );
}

function value(key: string, v: Json): ReactNode {
  if (v === null || v === undefined || v === '') return '—';
  if (key === 'words' && Array.isArray(v)) return <Words words={v} />;
  if (key === 'leaks' && Array.isArray(v)) return <Leaks leaks={v} />;
  if (key === 'mentions' && Array.isArray(v)) return <Mentions mentions={v} />;
  if (key === 'severity') return <SeverityTag severity={v} />;
  if (isObject(v) && ('title' in v || 'publishedAt' in v)) return <PostRef p={v} />;
  if (isObject(v) && ('name' in v || 'state' in v)) return <AccountRef a={v} />;
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    return (
      <Space orientation="vertical" size={2}>
        {v.map((item, i) => (
          <span key={i}>{value(key, item)}</span>
        ))}
      </Space>
    );
  }
  if (key === 'platform' && typeof v === 'string') return <PlatformTag code={v} />;
  if (key === 'state' && typeof v === 'string') return labelOf(STATE_LABELS, v as AccountState);
  if (typeof v === 'string' && ISO.test(v)) return formatDateTime(v);
  if (typeof v === 'string' && /^https?:\/\//.test(v)) {
    return (
      <a href={v} target="_blank" rel="noreferrer">
        {v}
      </a>
    );
  }
  if (isObject(v)) {
    return (
      <Space size={4} wrap>
        {Object.entries(v).map(([k, inner]) => (
          <span key={k}>
            {EVIDENCE_FIELD_LABELS[k] ?? k}：{value(k, inner)}
          </span>
        ))}
      </Space>
    );
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

export function FindingEvidence({ evidence }: { evidence: Record<string, unknown> }) {
  const entries = Object.entries(evidence ?? {});
  if (!entries.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Descriptions data-testid="finding-evidence" size="small" column={1} bordered>
      {entries.map(([key, v]) => (
        <Descriptions.Item key={key} label={EVIDENCE_FIELD_LABELS[key] ?? key}>
          {value(key, v)}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
