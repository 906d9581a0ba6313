// One modal for every lifecycle action, asking for exactly what that action needs.
import { DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, ApiError } from '../api/client';
import type { AccountView } from '../api/schema';
import type { TransitionAction } from '../api/models';
import { useAction } from '../hooks/useApiError';
import { ACCOUNT_FIELD_LABELS as L, ACTION_LABELS } from '../labels';
import { usePlatformHints } from '../platforms';
import { isAfterToday, pickerToIso } from '../time';

interface ActionForm {
  intro: string;
  /** Label of the reason field; `required` when the action cannot go without it. */
  reason?: { label: string; required: boolean };
  /** Opening needs the platform's ID and homepage (and may record the filing number). */
  opening?: boolean;
  atLabel: string;
  danger?: boolean;
}

const ACTION_FORMS: Record<TransitionAction, ActionForm> = {
  approve: { intro: '确认批准该账号的开设申请。', atLabel: '批准时间' },
  reject: { intro: '驳回后申请单位可重新提交申请。', reason: { label: '驳回理由', required: true }, atLabel: '驳回时间', danger: true },
  open: { intro: '填写账号在平台上的信息，完成开设备案。', opening: true, atLabel: '开设时间' },
  request_deregistration: { intro: '提交注销申请，由审核员确认注销。', reason: { label: '注销理由', required: true }, atLabel: '申请时间' },
  cancel_deregistration: { intro: '撤回注销申请，账号恢复为已开设。', reason: { label: '撤回说明', required: false }, atLabel: '撤回时间' },
  deregister: { intro: '确认该账号已在平台上注销。', reason: { label: '备注', required: false }, atLabel: '注销时间', danger: true },
};

/** Actions in the order their buttons appear. */
export const ACTION_ORDER: TransitionAction[] = ['approve', 'reject', 'open', 'request_deregistration', 'cancel_deregistration', 'deregister'];

export function isDangerAction(action: TransitionAction): boolean {
  return ACTION_FORMS[action].danger === true;
}

interface Values {
  reason?: string;
  platformAccountId?: string;
  homepageUrl?: string;
  filingNumber?: string;
  at?: Dayjs | null;
}

interface Props {
  account: AccountView;
  action: TransitionAction | null;
  onClose: () => void;
  onDone: (account: AccountView) => void;
  /** The account changed meanwhile (409): the caller reloads it. */
  onStale: () => void;
}

export function TransitionModal({ account, action, onClose, onDone, onStale }: Props) {
  const [form] = Form.useForm<Values>();
  const config = action ? ACTION_FORMS[action] : null;
  const label = action ? ACTION_LABELS[action] : '';
  const hints = usePlatformHints(account.platform);

  const initialValues: Values =
    action === 'open'
      ? {
          platformAccountId: account.platformAccountId ?? undefined,
          homepageUrl: account.homepageUrl ?? undefined,
          filingNumber: account.filingNumber ?? undefined,
        }
      : {};

  const [submit, submitting] = useAction(
    async (values: Values) => {
      const body: Record<string, string> = { action: action as string };
      for (const key of ['reason', 'platformAccountId', 'homepageUrl', 'filingNumber'] as const) {
        const value = values[key]?.trim();
        if (value) body[key] = value;
      }
      const at = pickerToIso(values.at);
      if (at) body.at = at;
      try {
        onDone(await api.post<AccountView>(`/accounts/${account.id}/transitions`, body));
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) onStale();
        throw err;
      }
    },
    { form, success: `${label}：操作成功` },
  );

  return (
    <Modal
      open={action !== null}
      title={`${label}：${account.name}`}
      okText={label}
      cancelText="取消"
      okButtonProps={{ danger: config?.danger, loading: submitting }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {config && (
        <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={initialValues} name={`transition-${action}`} clearOnDestroy>
          <Typography.Paragraph type="secondary">{config.intro}</Typography.Paragraph>
          {config.opening && (
            <>
              <Form.Item name="platformAccountId" label={L.platformAccountId} rules={[{ required: true, whitespace: true, message: `请填写${L.platformAccountId}` }]}>
                <Input placeholder={hints.id} maxLength={128} />
              </Form.Item>
              <Form.Item name="homepageUrl" label={L.homepageUrl} rules={[{ required: true, whitespace: true, message: `请填写${L.homepageUrl}` }]}>
                <Input placeholder={hints.homepage} maxLength={1000} />
              </Form.Item>
              <Form.Item name="filingNumber" label={L.filingNumber}>
                <Input maxLength={64} />
              </Form.Item>
            </>
          )}
          {config.reason && (
            <Form.Item
              name="reason"
              label={config.reason.label}
              rules={config.reason.required ? [{ required: true, whitespace: true, message: `请填写${config.reason.label}` }] : []}
            >
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          )}
          <Form.Item name="at" label={config.atLabel} extra="北京时间；不填为当前时间，补录历史时可选择过去的时间">
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={isAfterToday} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
