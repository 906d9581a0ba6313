import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Chinese names of fields, for messages a person can act on. */
const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  role: '角色',
  unitId: '单位',
  name: '名称',
  kind: '类型',
  code: '编码',
  parentId: '上级单位',
  contactName: '联系人',
  contactPhone: '联系电话',
  reason: '原因',
  successorUnitId: '承接单位',
  platform: '平台',
  platformAccountId: '平台账号ID',
  homepageUrl: '主页链接',
  operatorName: '负责人',
  operatorPhone: '负责人电话',
  purpose: '用途',
  justification: '多账号理由',
  filingNumber: '备案号',
  action: '操作',
  at: '时间',
  appliedAt: '申请时间',
  page: '页码',
  pageSize: '每页条数',
  q: '搜索词',
  state: '状态',
  status: '状态',
  disabled: '停用',
  displayName: '姓名',
  title: '标题',
  url: '链接',
  sourceUrl: '原文链接',
  sourceName: '来源名称',
  issuedAt: '下发时间',
  dueAt: '截止时间',
  platforms: '平台',
  unitIds: '单位',
  accountId: '账号',
  accountIds: '账号',
  columnIds: '栏目',
  evidenceUrl: '证明链接',
  postedAt: '转发时间',
  note: '备注',
  wrong: '错误写法',
  correct: '正确写法',
  category: '类别',
  phrase: '例外短语',
  target: '接收地址',
  secret: '密钥',
  kinds: '告警类型',
  baseUrl: '接口地址',
  appId: 'AppID',
  appSecret: 'AppSecret',
  uid: '微博 UID',
  accessToken: '访问令牌',
  quarter: '季度',
  groupBy: '分组方式',
  format: '格式',
  health: '链接状态',
  from: '开始时间',
  to: '结束时间',
  isRepost: '是否转发',
  id: '编号',
  certifiedSubject: '认证主体',
  operatorUserId: '负责人账号',
  columns: '栏目',
  problem: '问题描述',
  source: '来源',
  sourceRef: '来源说明',
  text: '整改情况',
  evidenceUrls: '佐证链接',
  result: '核验结果',
  overdue: '是否逾期',
  days: '天数',
  urlPatterns: '网址规则',
  icon: '图标',
  color: '图标颜色',
  glyph: '图标文字',
  idHint: '账号ID填写提示',
  homepageHint: '主页链接填写提示',
  full: '全部重扫',
  trigger: '触发方式',
  batchId: '批次',
  currentPassword: '当前密码',
  newPassword: '新密码',
  issuer: '发文机关',
  documentNumber: '文号',
  signedAt: '成文日期',
  posts: '发布数量',
  reposts: '转发数量',
  replace: '重新发布',
  live: '实时数据',
  report: '报表',
  enabled: '启用',
  handover: '待交接',
  triage: '处理结果',
  wait: '等待完成',
  optional: '可选',
  severity: '严重程度',
  type: '类型',
  basis: '依据',
  points: '分值',
  cap: '上限',
  description: '说明',
  items: '检查项',
  hit: '是否命中',
  count: '次数',
  verdict: '结论',
  sampleRate: '抽查比例',
  seed: '随机种子',
  validFrom: '任职起始',
  validTo: '任职截止',
};

/** class-validator constraint → Chinese message template ({label}, {args}). */
const CONSTRAINT_MESSAGES: Record<string, (label: string, english: string) => string> = {
  whitelistValidation: (label) => `不支持字段 ${label}，请删除它`,
  isDefined: (label) => `${label}必须填写`,
  isNotEmpty: (label) => `${label}不能为空`,
  notBlank: (label) => `${label}不能为空`,
  isString: (label) => `${label}必须是文字`,
  isInt: (label) => `${label}必须是整数`,
  isPositive: (label) => `${label}必须是正数`,
  isBoolean: (label) => `${label}必须是 true 或 false`,
  isIn: (label, en) => `${label}的取值无效，${allowedValues(en)}`,
  isEnum: (label, en) => `${label}的取值无效，${allowedValues(en)}`,
  maxLength: (label, en) => `${label}过长，${limitOf(en, '最多')}`,
  minLength: (label, en) => `${label}过短，${limitOf(en, '至少')}`,
  min: (label, en) => `${label}太小，${limitOf(en, '最小为')}`,
  max: (label, en) => `${label}太大，${limitOf(en, '最大为')}`,
  isUrl: (label) => `${label}必须是以 http:// 或 https:// 开头的完整网址`,
  isHttpUrl: (label) => `${label}必须是以 http:// 或 https:// 开头的完整网址`,
  isIso8601: (label) => `${label}必须是 ISO 8601 时间，例如 2023-07-01T09:00:00+08:00`,
  isDateString: (label) => `${label}必须是 ISO 8601 时间，例如 2023-07-01T09:00:00+08:00`,
  parsableTime: (label) => `${label}无法识别为时间，请写成 2023-07-01T09:00:00+08:00 这样的格式`,
  notInFuture: (label) => `${label}不能晚于当前时间`,
  matches: (label) => `${label}格式不正确`,
  noControlChars: (label) => `${label}含有不可见的控制字符，请删除`,
  nestedValidation: (label) => `${label}格式不正确`,
  isArray: (label) => `${label}必须是数组（列表）`,
  arrayNotEmpty: (label) => `${label}不能为空列表`,
  arrayMinSize: (label, en) => `${label}的项数太少，${limitOf(en, '至少')} 项`,
  arrayMaxSize: (label, en) => `${label}的项数太多，${limitOf(en, '最多')} 项`,
  arrayUnique: (label) => `${label}中有重复的项，请去掉重复`,
};

function allowedValues(english: string): string {
  const match = english.match(/following values: (.*)$/);
  return match ? `可选值：${match[1]}` : '请从允许的值中选择';
}

function limitOf(english: string, prefix: string): string {
  const match = english.match(/(-?\d+(\.\d+)?)/);
  return match ? `${prefix} ${match[1]}` : '';
}

export interface FieldError {
  field: string;
  message: string;
}

/** The field as the forms name it (名称, 单位…); `errors[].field` keeps the API name for programs. */
export function labelOf(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [key, english] of Object.entries(error.constraints ?? {})) {
      const translate = CONSTRAINT_MESSAGES[key];
      // A field the request may not have is named as sent: it has no place in any form.
      const name = key === 'whitelistValidation' ? error.property : labelOf(error.property);
      result.push({ field, message: translate ? translate(name, english) : english });
    }
    if (error.children?.length) result.push(...flattenValidationErrors(error.children, field));
  }
  return result;
}

/** Throws 400 `{statusCode, message, error, errors:[{field, message}]}`. */
export function badRequest(errors: FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: errors.map((e) => e.message).join('；'),
    errors,
  });
}

export function fieldError(field: string, message: string): BadRequestException {
  return badRequest([{ field, message }]);
}

/**
 * class-transformer recurses into every nested object of a body; JSON nested thousands of
 * levels deep overflows the stack. That is bad input (400), not a server fault (500).
 */
class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (this.toValidate(metadata) && (metadata.type === 'body' || metadata.type === 'query')) {
      // half-width: the colon belongs to the JSON example.
      if (Array.isArray(value)) throw badRequest([{ field: metadata.type, message: '请求体必须是 JSON 对象（形如 {"字段": 值}），不能是数组' }]);
      // class-transformer would silently drop a "__proto__" key; it is no field of any request, so it is refused like one.
      const proto = findProtoKey(value);
      if (proto !== null) throw badRequest([{ field: proto, message: CONSTRAINT_MESSAGES.whitelistValidation(proto, '') }]);
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof RangeError) throw badRequest([{ field: metadata.data ?? metadata.type, message: '请求内容嵌套层数过多，无法处理，请检查 JSON 结构' }]);
      throw error;
    }
  }

  /**
   * Route parameters stay text: Nest would turn `0x1F`, `1e3` or ` 7` into a number before
   * IdPipe could refuse them, and the request would act on another record.
   */
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}

/** The path of the first own "__proto__" key in a parsed JSON body or query (iterative: bodies may be deep), or null. */
function findProtoKey(value: unknown): string | null {
  const stack: Array<[unknown, string]> = [[value, '']];
  for (let seen = 0; stack.length && seen < 100_000; seen++) {
    const [node, path] = stack.pop() as [unknown, string];
    if (!node || typeof node !== 'object') continue;
    for (const key of Object.keys(node)) {
      const at = path ? `${path}.${key}` : key;
      if (key === '__proto__') return at;
      stack.push([(node as Record<string, unknown>)[key], at]);
    }
  }
  return null;
}

export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => badRequest(flattenValidationErrors(errors)),
  });
}
