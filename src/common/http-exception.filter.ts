import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors';

interface ErrorBody {
  statusCode: number;
  message: string;
  error: string;
  [extra: string]: unknown;
}

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Default Chinese messages when an exception carries none of its own. */
const DEFAULT_MESSAGES: Record<number, string> = {
  401: '未登录或登录已过期，请重新登录',
  403: '没有权限执行此操作',
  404: '请求的资源不存在',
  413: '上传的文件或请求体过大',
  415: '不支持的内容类型',
  429: '请求过于频繁，请稍后再试',
  500: '服务器内部错误，请联系管理员',
};

function isUniqueViolation(error: QueryFailedError): boolean {
  const driverError = (error as QueryFailedError & { driverError?: { code?: string } }).driverError;
  const code = driverError?.code ?? '';
  return code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || /UNIQUE constraint/i.test(error.message);
}

/** Body-parser errors (bad JSON, body too large) carry `type` and `status`. */
function bodyParserError(exception: unknown): ErrorBody | null {
  const e = exception as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed') {
    return { statusCode: 400, error: STATUS_NAMES[400], message: INVALID_JSON_MESSAGE };
  }
  if (e?.type === 'entity.too.large') {
    return { statusCode: 413, error: STATUS_NAMES[413], message: '请求体过大' };
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.type === 'string') {
    return { statusCode: e.status, error: STATUS_NAMES[e.status] ?? 'Error', message: BODY_PARSER_MESSAGES[e.type] ?? `请求无法解析（${e.type}）` };
  }
  return null;
}

/** body-parser's error types (https://github.com/expressjs/body-parser#errors) in Chinese. */
const BODY_PARSER_MESSAGES: Record<string, string> = {
  'parameters.too.many': '表单参数过多',
  'charset.unsupported': '请求体的字符集不受支持，请使用 UTF-8',
  'encoding.unsupported': '请求体的压缩编码不受支持',
  'request.aborted': '请求在传输中被中断，请重试',
  'request.size.invalid': '请求体长度与 Content-Length 不符',
  'entity.verify.failed': '请求体校验失败',
};

const INVALID_JSON_MESSAGE = '请求体不是合法的 JSON，请检查格式（例如引号、逗号、括号是否成对）';

function isJsonSyntaxMessage(message: string): boolean {
  return /JSON|Unexpected token|Unexpected end of|Bad control character|Unterminated string/i.test(message);
}

/** Upload errors of multer/busboy (as @nestjs/platform-express keeps them in `cause`) in Chinese. */
const MULTER_MESSAGES: Record<string, string> = {
  LIMIT_FILE_SIZE: '上传的文件过大，超过了允许的大小（UPLOAD_MAX_BYTES）',
  LIMIT_FILE_COUNT: '一次只能上传一个文件',
  LIMIT_PART_COUNT: '表单字段过多',
  LIMIT_FIELD_COUNT: '表单字段过多',
  LIMIT_FIELD_KEY: '表单字段名过长',
  LIMIT_FIELD_VALUE: '表单字段内容过长',
  LIMIT_FIELD_NESTING: '表单字段名无效',
  LIMIT_FIELD_ARRAY_INDEX: '表单字段名无效',
  INVALID_FIELD_NAME: '表单字段名无效',
  MISSING_FIELD_NAME: '表单字段缺少名称',
  LIMIT_UNEXPECTED_FILE: '请只在表单字段 file 中上传一个文件',
};

function uploadMessage(exception: HttpException): string | null {
  const cause = exception.cause as { code?: unknown; message?: unknown } | undefined;
  if (!cause || typeof cause !== 'object') return null;
  if (typeof cause.code === 'string' && MULTER_MESSAGES[cause.code]) return MULTER_MESSAGES[cause.code];
  const message = typeof cause.message === 'string' ? cause.message : '';
  if (/^Unsupported content type/.test(message)) return '上传文件须使用 multipart/form-data 表单';
  if (/^(Multipart: Boundary not found|Malformed part header|Unexpected end of (form|file))/.test(message))
    return '上传的表单（multipart/form-data）格式不正确或不完整，请重新上传';
  return null;
}

function fromHttpException(exception: HttpException): ErrorBody {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  const body: ErrorBody = {
    statusCode,
    error: STATUS_NAMES[statusCode] ?? 'Error',
    message: DEFAULT_MESSAGES[statusCode] ?? exception.message,
  };
  if (typeof response === 'string') {
    body.message = response;
  } else if (response && typeof response === 'object') {
    const { message, ...rest } = response as Record<string, unknown>;
    Object.assign(body, rest);
    body.statusCode = statusCode;
    if (Array.isArray(message)) body.message = message.join('；');
    else if (typeof message === 'string' && message) body.message = message;
  }
  // Nest's stock English messages ("Forbidden resource", "Cannot GET /x", JSON errors) become Chinese.
  const upload = uploadMessage(exception);
  // Nest wraps body-parser's errors, keeping the original as `cause`.
  const parserType = (exception.cause as { type?: unknown } | undefined)?.type;
  if (upload) {
    body.message = upload;
  } else if (typeof parserType === 'string' && BODY_PARSER_MESSAGES[parserType]) {
    body.message = BODY_PARSER_MESSAGES[parserType];
  } else if (statusCode === 400 && !('errors' in body) && isJsonSyntaxMessage(body.message)) {
    body.message = INVALID_JSON_MESSAGE;
  } else if (statusCode === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(body.message)) {
    body.message = `接口不存在：${body.message.replace(/^Cannot /, '')}`;
  } else if (body.message === 'Forbidden resource' || body.message === 'Unauthorized' || body.message === 'Too Many Requests') {
    body.message = DEFAULT_MESSAGES[statusCode];
  } else if (statusCode === 413 && /too large/i.test(body.message)) {
    body.message = DEFAULT_MESSAGES[413];
  } else if (statusCode === 429 && /ThrottlerException/.test(body.message)) {
    body.message = DEFAULT_MESSAGES[429];
  }
  return body;
}

/**
 * A 429 always carries the standard `Retry-After` (seconds): from the body's `retryAfterSeconds`
 * (login lockout) or from a named throttler's `Retry-After-<name>` header (@nestjs/throttler).
 */
function setRetryAfter(response: Response, body: ErrorBody): void {
  if (response.getHeader('Retry-After') !== undefined) return;
  let seconds = typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : undefined;
  if (seconds === undefined) {
    const named = response.getHeaderNames().find((name) => name.startsWith('retry-after-'));
    const value = named ? Number(response.getHeader(named)) : NaN;
    if (Number.isFinite(value)) seconds = value;
  }
  response.setHeader('Retry-After', String(Math.max(1, Math.ceil(seconds ?? 60))));
}

/** Every error leaves as `{statusCode, message, error}`; only real faults become 500. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (response.headersSent) return;
    if (body.statusCode === 429) setRetryAfter(response, body);
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) return fromHttpException(exception);
    const parserError = bodyParserError(exception);
    if (parserError) return parserError;
    if (exception instanceof QueryFailedError && isUniqueViolation(exception)) {
      return { statusCode: 409, error: STATUS_NAMES[409], message: '记录已存在（与已有数据重复）' };
    }
    // The database cannot be reached (down, restarting, network cut): the service is unavailable, not broken.
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: STATUS_NAMES[503], message: '数据库暂时不可用，请稍后重试' };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: STATUS_NAMES[500], message: DEFAULT_MESSAGES[500] };
  }
}
