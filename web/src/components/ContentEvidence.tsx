// Evidence of the content checks (全文检查): where in the post (标题/正文), the context with the
// hit highlighted, and the severity in Chinese. Personal numbers arrive masked from the API.
import { Space, Tag, Typography } from 'antd';
import { ERROR_WORD_CATEGORY_LABELS, labelOf, POST_FIELD_LABELS, PRIVACY_TYPE_LABELS, SEVERITY_COLORS, SEVERITY_LABELS } from '../labels';

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** The context with the first occurrence of `hit` marked. */
export function Highlighted({ context, hit }: { context: string; hit: string }) {
  const at = hit ? context.indexOf(hit) : -1;
  if (at < 0) return <Typography.Text type="secondary">{context}</Typography.Text>;
  return (
    <Typography.Text type="secondary" data-testid="evidence-context">
      {context.slice(0, at)}
      <mark>{context.slice(at, at + hit.length)}</mark>
      {context.slice(at + hit.length)}
    </Typography.Text>
  );
}

export function SeverityTag({ severity }: { severity: Json }) {
  const key = severity === 'serious' ? 'serious' : 'general';
  return <Tag color={SEVERITY_COLORS[key]}>{SEVERITY_LABELS[key]}</Tag>;
}

function FieldTag({ field }: { field: Json }) {
  return field ? <Tag>{labelOf(POST_FIELD_LABELS, field as keyof typeof POST_FIELD_LABELS)}</Tag> : null;
}

export function Words({ words }: { words: Json[] }) {
  return (
    <Space orientation="vertical" size={2}>
      {words.filter(isObject).map((w, i) => (
        <span key={i} data-testid="evidence-word">
          <Tag color="magenta">
            “{String(w.wrong)}”应为“{String(w.correct)}”
          </Tag>
          {w.severity ? <SeverityTag severity={w.severity} /> : null}
          <FieldTag field={w.field} />
          {w.category ? <Tag>{labelOf(ERROR_WORD_CATEGORY_LABELS, w.category as keyof typeof ERROR_WORD_CATEGORY_LABELS)}</Tag> : null}
          {typeof w.context === 'string' ? <Highlighted context={w.context} hit={String(w.wrong)} /> : null}
          {w.excerpt ? <Typography.Text type="secondary">{String(w.excerpt)}</Typography.Text> : null}
        </span>
      ))}
    </Space>
  );
}

export function Leaks({ leaks }: { leaks: Json[] }) {
  return (
    <Space orientation="vertical" size={2}>
      {leaks.filter(isObject).map((l, i) => (
        <span key={i} data-testid="evidence-leak">
          <Tag color="red">{labelOf(PRIVACY_TYPE_LABELS, l.type as keyof typeof PRIVACY_TYPE_LABELS)}</Tag>
          <FieldTag field={l.field} />
          <Typography.Text code>{String(l.value)}</Typography.Text> {typeof l.context === 'string' ? <Highlighted context={l.context} hit={String(l.value)} /> : null}
        </span>
      ))}
    </Space>
  );
}

export function Mentions({ mentions }: { mentions: Json[] }) {
  return (
    <Space orientation="vertical" size={2}>
      {mentions.filter(isObject).map((m, i) => (
        <span key={i} data-testid="evidence-mention">
          <Tag color="red">
            “{String(m.name)}
            {String(m.written)}”
          </Tag>
          <Typography.Text>时任：{Array.isArray(m.actual) ? m.actual.map(String).join('、') : '—'}</Typography.Text> <FieldTag field={m.field} />
          {typeof m.context === 'string' ? <Highlighted context={m.context} hit={`${String(m.name)}`} /> : null}
        </span>
      ))}
    </Space>
  );
}
