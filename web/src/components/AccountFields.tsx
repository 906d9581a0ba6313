// The account fields a person types, shared by the application form and the edit form.
import { Form, Input } from 'antd';
import { ACCOUNT_FIELD_LABELS as L } from '../labels';
import { usePlatformHints } from '../platforms';

export interface AccountFieldValues {
  name: string;
  platformAccountId?: string;
  homepageUrl?: string;
  filingNumber?: string;
  operatorName?: string;
  operatorPhone?: string;
  purpose?: string;
}

export const ACCOUNT_TEXT_FIELDS = ['name', 'platformAccountId', 'homepageUrl', 'filingNumber', 'operatorName', 'operatorPhone', 'purpose'] as const;

/**
 * `platform`: the account's platform when the form has no platform field (editing); else the
 * form's chosen one, whose hints the ID and homepage fields show.
 */
export function AccountFields({ withFiling, platform }: { withFiling?: boolean; platform?: string }) {
  const form = Form.useFormInstance();
  const chosen = Form.useWatch<string | undefined>('platform', form);
  const hints = usePlatformHints(platform ?? chosen);
  return (
    <>
      <Form.Item name="name" label={L.name} rules={[{ required: true, whitespace: true, message: '请填写账号名称' }]}>
        <Input maxLength={100} placeholder="账号在平台上显示的名称" />
      </Form.Item>
      <Form.Item name="platformAccountId" label={L.platformAccountId} extra="尚未开设的可暂不填写">
        <Input maxLength={128} placeholder={hints.id} />
      </Form.Item>
      <Form.Item name="homepageUrl" label={L.homepageUrl}>
        <Input maxLength={1000} placeholder={hints.homepage} />
      </Form.Item>
      {withFiling && (
        <Form.Item name="filingNumber" label={L.filingNumber}>
          <Input maxLength={64} />
        </Form.Item>
      )}
      <Form.Item name="operatorName" label={L.operatorName}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="operatorPhone" label={L.operatorPhone}>
        <Input maxLength={30} />
      </Form.Item>
      <Form.Item name="purpose" label={L.purpose}>
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
    </>
  );
}

/** Trimmed text values; empty ones left out (create) or sent as null where the record had one (edit). */
export function accountTextBody(values: AccountFieldValues, previous?: Partial<Record<string, unknown>>): Record<string, string | null> {
  const body: Record<string, string | null> = {};
  for (const key of ACCOUNT_TEXT_FIELDS) {
    const value = values[key]?.trim();
    if (value) body[key] = value;
    else if (previous && previous[key] !== null && previous[key] !== undefined && key in values) body[key] = null;
  }
  return body;
}
