import { Alert, Button, Card, Space, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { LedgerImportResultView } from '../api/schema';
import { PageHeader } from '../components/PageHeader';
import { useAction } from '../hooks/useApiError';
import { useRowImport } from '../hooks/useRowImport';
import { RowErrorsTable } from '../components/RowErrorsTable';

const ACCEPT = '.xlsx,.csv';

export default function ImportPage() {
  const { file, setFile, choose, outcome, upload, uploading } = useRowImport<LedgerImportResultView>('/accounts/import');

  const [download, downloading] = useAction(() => api.download('/accounts/import/template', '政务新媒体账号台账模板.xlsx'));

  return (
    <>
      <PageHeader
        title="台账导入"
        extra={
          <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => download()}>
            下载模板
          </Button>
        }
      />
      <Card>
        <Typography.Paragraph>
          按模板填写账号台账（XLSX 或 CSV），每行一个账号。导入时逐行检查：<Typography.Text strong>有任何一行出错则全部不导入</Typography.Text>
          ，请按下方提示改正后重新上传。
        </Typography.Paragraph>
        <Upload.Dragger
          accept={ACCEPT}
          maxCount={1}
          beforeUpload={(f) => {
            choose(f);
            return false; // uploaded by the button below
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'ledger', name: file.name, status: 'done' }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖拽台账文件到此处</p>
          <p className="ant-upload-hint">支持 .xlsx、.csv</p>
        </Upload.Dragger>
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" icon={<UploadOutlined />} disabled={!file} loading={uploading} onClick={() => upload()}>
            开始导入
          </Button>
        </Space>
      </Card>
      {outcome?.kind === 'done' && (
        <Alert style={{ marginTop: 16 }} type="success" showIcon title={`导入成功：共导入 ${outcome.result.imported} 个账号`} action={<Link to="/accounts">查看账号</Link>} />
      )}
      {outcome?.kind === 'rows' && (
        <Card style={{ marginTop: 16 }} title="导入未完成，以下行需要修改">
          <Alert type="error" showIcon title={`未导入任何数据：共 ${outcome.errors.length} 处问题，请改正后重新上传`} style={{ marginBottom: 16 }} />
          <RowErrorsTable errors={outcome.errors} />
        </Card>
      )}
    </>
  );
}
