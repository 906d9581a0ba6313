// The look of a custom platform an admin sets (平台设置): its mark (colour and 1–2 characters,
// previewed as pages will show it) and the account form's hints for its ID and homepage.
import { ColorPicker, Form, Input, Space } from 'antd';
import type { Color } from 'antd/es/color-picker';
import { PlatformIconBadge } from '../platforms';

export interface PlatformLookValues {
  iconColor?: string;
  iconGlyph?: string;
  idHint?: string;
  homepageHint?: string;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

/** Characters as a person counts them (the server counts the same way). */
const characterCount = (text: string) => Array.from(text).length;

/** The request body's look fields: the mark when both parts are given, hints (blank clears them). */
export function platformLookBody(values: PlatformLookValues): Record<string, unknown> {
  const icon: Record<string, string> = {};
  if (values.iconColor) icon.color = values.iconColor;
  if (values.iconGlyph?.trim()) icon.glyph = values.iconGlyph.trim();
  return { ...(Object.keys(icon).length ? { icon } : {}), idHint: values.idHint?.trim() || null, homepageHint: values.homepageHint?.trim() || null };
}

function IconPreview() {
  const form = Form.useFormInstance();
  const color = Form.useWatch<string | undefined>('iconColor', form);
  const glyph = Form.useWatch<string | undefined>('iconGlyph', form);
  const name = Form.useWatch<string | undefined>('name', form);
  const shown = glyph?.trim() || Array.from(name?.trim() ?? '')[0] || '';
  const valid = color && COLOR.test(color);
  return (
    <span data-testid="platform-icon-preview">
      <PlatformIconBadge icon={{ color: valid ? color : '#5B6B7F', glyph: shown, textColor: '#FFFFFF' }} size={28} title="图标预览" />
    </span>
  );
}

export function PlatformLookFields() {
  return (
    <>
      <Form.Item label="图标" extra="各页面显示平台时使用：背景颜色加 1–2 个字；不填时为灰色加平台名称首字">
        <Space align="start" wrap>
          <IconPreview />
          <Form.Item
            name="iconColor"
            noStyle
            getValueFromEvent={(color: Color) => color.toHexString().toUpperCase()}
            rules={[{ pattern: COLOR, message: '颜色须为 # 加 6 位十六进制数字，如 #1677FF' }]}
          >
            <ColorPicker format="hex" disabledAlpha showText aria-label="图标颜色" />
          </Form.Item>
          <Form.Item
            name="iconGlyph"
            noStyle
            rules={[
              {
                validator: (_rule, value?: string) =>
                  !value || (value.trim() === value && characterCount(value) <= 2 && !/\s/.test(value))
                    ? Promise.resolve()
                    : Promise.reject(new Error('图标文字最多 2 个字，不能含空格')),
              },
            ]}
          >
            <Input placeholder="图标文字，如 知" aria-label="图标文字" style={{ width: 140 }} />
          </Form.Item>
        </Space>
      </Form.Item>
      <Form.Item name="idHint" label="账号ID填写提示" extra="账号登记表单“账号ID”一栏的示例">
        <Input maxLength={100} placeholder="如 知乎用户主页链接 /people/ 后的一串字符" />
      </Form.Item>
      <Form.Item name="homepageHint" label="主页链接填写提示" extra="账号登记表单“主页链接”一栏的示例">
        <Input maxLength={100} placeholder="如 https://www.zhihu.com/people/…" />
      </Form.Item>
    </>
  );
}
