// 错敏词库: search, create/edit/delete, allow-list phrases per word, XLSX import/export.
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { api } from '../api/client';
import type { ErrorWordImportView, ErrorWordPage, ErrorWordView } from '../api/schema';
import type { ErrorWordCategory } from '../api/models';
import { useCurrentUser } from '../auth';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { RulesRescanProgress } from '../components/RulesRescanProgress';
import { useAction } from '../hooks/useApiError';
import { useRowImport } from '../hooks/useRowImport';
import { RowErrorsTable } from '../components/RowErrorsTable';
import { useRequest } from '../hooks/useRequest';
import { useUrlQuery } from '../hooks/useUrlQuery';
import { ERROR_WORD_CATEGORY_LABELS, SEVERITY_LABELS, labelOf, optionsOf } from '../labels';
import { can } from '../permissions';
import { SeverityTag } from '../components/ContentEvidence';
import { formatDateTime } from '../time';

interface WordForm {
  wrong: string;
  correct: string;
  category: ErrorWordCategory;
  severity: 'serious' | 'general';
  note?: string;
}

export default function ErrorWordsPage() {
  const query = useUrlQuery();
  const user = useCurrentUser();
  const office = can.manageErrorWords(user);
  const q = query.get('q');
  const category = query.get('category') as ErrorWordCategory | undefined;
  const words = useRequest(() => api.get<ErrorWordPage>('/error-words', { q, category, page: query.page, pageSize: query.pageSize }), [q, category, query.page, query.pageSize]);

  // After each change the posts are checked again (the rescan's progress is shown below the header).
  const [changedAt, setChangedAt] = useState(0);
  const changed = () => {
    words.reload();
    setChangedAt(Date.now());
  };
  const [editing, setEditing] = useState<ErrorWordView | 'new' | null>(null);
  const [form] = Form.useForm<WordForm>();
  const [save, saving] = useAction(
    async (values: WordForm) => {
      const body = { ...values, note: values.note?.trim() ? values.note : null };
      if (editing === 'new') await api.post('/error-words', body);
      else if (editing) await api.patch(`/error-words/${editing.id}`, body);
      setEditing(null);
      changed();
    },
    { form, success: '已保存' },
  );
  const [remove] = useAction(
    async (word: ErrorWordView) => {
      await api.delete(`/error-words/${word.id}`);
      changed();
    },
    { success: '已删除' },
  );

  const [allowFor, setAllowFor] = useState<ErrorWordView | null>(null);
  const [allowForm] = Form.useForm<{ phrase: string }>();
  const [addAllow, addingAllow] = useAction(
    async (values: { phrase: string }) => {
      if (!allowFor) return;
      await api.post(`/error-words/${allowFor.id}/allows`, values);
      setAllowFor(null);
      allowForm.resetFields();
      changed();
    },
    { form: allowForm, success: '已添加允许短语' },
  );
  const [removeAllow] = useAction(async (word: ErrorWordView, allowId: number) => {
    await api.delete(`/error-words/${word.id}/allows/${allowId}`);
    changed();
  });

  const [exportXlsx, exporting] = useAction(() => api.download('/error-words/export', '错敏词库.xlsx'));
  const { outcome, upload: importFile, uploading: importing } = useRowImport<ErrorWordImportView>('/error-words/import', changed);

  const openEditor = (word: ErrorWordView | 'new') => {
    setEditing(word);
    form.setFieldsValue(
      word === 'new'
        ? { wrong: '', correct: '', category: 'common', severity: 'general', note: '' }
        : { wrong: word.wrong, correct: word.correct, category: word.category, severity: word.severity, note: word.note ?? '' },
    );
  };

  return (
    <>
      <PageHeader
        title="错敏词库"
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => exportXlsx()}>
              导出 Excel
            </Button>
            {office ? (
              <>
                <Upload
                  accept=".xlsx,.csv"
                  showUploadList={false}
                  beforeUpload={(f) => {
                    void importFile(f);
                    return false;
                  }}
                >
                  <Button icon={<UploadOutlined />} loading={importing}>
                    导入 Excel
                  </Button>
                </Upload>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => openEditor('new')}>
                  新增错敏词
                </Button>
              </>
            ) : null}
          </Space>
        }
      />
      <RulesRescanProgress changedAt={changedAt} />
      {outcome?.kind === 'done' ? (
        <Alert style={{ marginBottom: 16 }} type="success" showIcon closable title={`导入完成：新增 ${outcome.result.imported} 条，更新 ${outcome.result.updated} 条`} />
      ) : null}
      {outcome?.kind === 'rows' ? (
        <Alert
          style={{ marginBottom: 16 }}
          type="error"
          showIcon
          closable
          title={`未导入任何数据：共 ${outcome.errors.length} 处问题，请改正后重新上传`}
          description={<RowErrorsTable errors={outcome.errors} />}
        />
      ) : null}
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder="搜索错误写法或正确写法"
          defaultValue={q}
          style={{ width: 280 }}
          onSearch={(value) => query.update({ q: value.trim() || undefined })}
        />
        <Select<ErrorWordCategory>
          allowClear
          placeholder="全部类别"
          aria-label="类别"
          style={{ width: 180 }}
          value={category}
          options={optionsOf(ERROR_WORD_CATEGORY_LABELS)}
          onChange={(value) => query.update({ category: value })}
        />
      </Space>
      {words.error ? <LoadError error={words.error} onRetry={words.reload} /> : null}
      <Table<ErrorWordView>
        data-testid="error-words"
        rowKey="id"
        loading={words.loading}
        dataSource={words.data?.items ?? []}
        pagination={query.pagination(words.data?.total)}
        locale={{ emptyText: '没有符合条件的错敏词' }}
        columns={[
          { title: '错误写法', dataIndex: 'wrong', render: (w: string) => <Typography.Text type="danger">{w}</Typography.Text> },
          { title: '正确写法', dataIndex: 'correct' },
          { title: '类别', dataIndex: 'category', width: 130, render: (c: ErrorWordCategory) => labelOf(ERROR_WORD_CATEGORY_LABELS, c) },
          { title: '严重程度', dataIndex: 'severity', width: 100, render: (s: string) => <SeverityTag severity={s} /> },
          { title: '说明', dataIndex: 'note', render: (n: string | null) => n || '—' },
          {
            title: '允许短语',
            key: 'allows',
            render: (_: unknown, w) => (
              <Space size={4} wrap>
                {w.allows.map((a) => (
                  <Tag
                    key={a.id}
                    closable={office}
                    onClose={(e) => {
                      e.preventDefault();
                      void removeAllow(w, a.id);
                    }}
                  >
                    {a.phrase}
                  </Tag>
                ))}
                {office ? (
                  <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setAllowFor(w)}>
                    添加
                  </Button>
                ) : w.allows.length ? null : (
                  '—'
                )}
              </Space>
            ),
          },
          { title: '更新时间', dataIndex: 'updatedAt', width: 150, render: formatDateTime },
          ...(office
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 150,
                  render: (_: unknown, w: ErrorWordView) => (
                    <Space>
                      <Button size="small" icon={<EditOutlined />} onClick={() => openEditor(w)}>
                        编辑
                      </Button>
                      <Popconfirm title={`删除“${w.wrong}”？`} okText="删除" okButtonProps={{ danger: true }} onConfirm={() => remove(w)}>
                        <Button size="small" danger icon={<DeleteOutlined />} aria-label="删除" />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        title={editing === 'new' ? '新增错敏词' : '编辑错敏词'}
        open={!!editing}
        okText="保存"
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        forceRender
      >
        <Form<WordForm> form={form} layout="vertical" onFinish={(values) => save(values)}>
          <Form.Item name="wrong" label="错误写法" rules={[{ required: true, whitespace: true, message: '请填写错误写法' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="correct" label="正确写法" rules={[{ required: true, whitespace: true, message: '请填写正确写法' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
            <Select options={optionsOf(ERROR_WORD_CATEGORY_LABELS)} />
          </Form.Item>
          <Form.Item
            name="severity"
            label="严重程度"
            extra="严重：通报中单项否决的表述错误（国家名称、领导职务等）；一般：扣分"
            rules={[{ required: true, message: '请选择严重程度' }]}
          >
            <Select options={optionsOf(SEVERITY_LABELS)} />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        title={allowFor ? `允许短语：${allowFor.wrong}` : '允许短语'}
        open={!!allowFor}
        okText="添加"
        confirmLoading={addingAllow}
        onOk={() => allowForm.submit()}
        onCancel={() => setAllowFor(null)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">包含该错误写法、但整体正确的较长短语，命中时不作为错敏词。</Typography.Paragraph>
        <Form form={allowForm} layout="vertical" onFinish={(values) => addAllow(values)}>
          <Form.Item name="phrase" label="短语" rules={[{ required: true, whitespace: true, message: '请填写短语' }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
