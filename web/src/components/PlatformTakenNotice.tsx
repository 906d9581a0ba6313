// The one-account-per-platform rule, told while the application is filled in: once unit and
// platform are chosen, the unit's live accounts on that platform are looked up (GET /api/accounts
// with unitId and platform) and named here, and the form asks for a justification before submit.
import { Alert } from 'antd';
import { api } from '../api/client';
import type { AccountPage, AccountView } from '../api/schema';
import { ONE_PER_PLATFORM_STATES } from '../accountPermits';
import { useRequest } from '../hooks/useRequest';
import { ACCOUNT_FIELD_LABELS as L, labelOf, STATE_LABELS } from '../labels';

/** The unit's accounts on the platform that count toward the rule (none until both are chosen). */
export function usePlatformTaken(unitId: number | string | undefined, platform: string | undefined): AccountView[] {
  const { data } = useRequest(async () => (unitId && platform ? (await api.get<AccountPage>('/accounts', { unitId, platform, pageSize: 50 })).items : []), [unitId, platform]);
  return (data ?? []).filter((a) => ONE_PER_PLATFORM_STATES.includes(a.state));
}

/** `unit` names the unit from the reader's side: 本单位 when applying, 迁入单位 when moving an account. */
export function PlatformTakenNotice({ taken, platformName, unit = '本单位' }: { taken: AccountView[]; platformName: string; unit?: string }) {
  if (taken.length === 0) return null;
  const named = taken.map((a) => `“${a.name}”（${labelOf(STATE_LABELS, a.state)}）`).join('、');
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="platform-taken"
      style={{ marginBottom: 16 }}
      title={`${unit}在${platformName}已有账号：${named}`}
      description={`一个单位在同一平台原则上只开设一个账号。确需如此的，请在下方“${L.justification}”中说明，否则无法提交。`}
    />
  );
}

/** The message of the justification field when the unit already has an account on the platform. */
export const JUSTIFICATION_REQUIRED = '该单位在此平台已有账号，请说明理由';
