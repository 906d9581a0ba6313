import { Alert, Button, Result } from 'antd';
import { ApiError, errorMessage } from '../api/client';

/** What a page shows when its data could not be loaded: never a blank page. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const status = error instanceof ApiError ? error.status : 0;
  if (status === 403 || status === 404) {
    return <Result status={status === 403 ? '403' : '404'} title={status === 403 ? '无权访问' : '未找到'} subTitle={errorMessage(error)} />;
  }
  return (
    <Alert
      type="error"
      showIcon
      title="加载失败"
      description={errorMessage(error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
