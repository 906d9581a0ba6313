import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';

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
  401: '未登录或登录已过期,请重新登录',
  403: '没有权限执行此操作',
  404: '请求的资源不存在',
  413: '上传的文件或请求体过大',
  429: '请求过于频繁,请稍后再试',
  500: '服务器内部错误,请联系管理员',
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
    return { statusCode: e.status, error: STATUS_NAMES[e.status] ?? 'Error', message: `请求无法解析:${e.message ?? e.type}` };
  }
  return null;
}

const INVALID_JSON_MESSAGE = '请求体不是合法的 JSON,请检查格式(例如引号、逗号、括号是否成对)';

function isJsonSyntaxMessage(message: string): boolean {
  return /JSON|Unexpected token|Unexpected end of|Bad control character|Unterminated string/i.test(message);
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
    if (Array.isArray(message)) body.message = message.join(';');
    else if (typeof message === 'string' && message) body.message = message;
  }
  // Nest's stock English messages ("Forbidden resource", "Cannot GET /x", JSON errors) become Chinese.
  if (statusCode === 400 && !('errors' in body) && isJsonSyntaxMessage(body.message)) {
    body.message = INVALID_JSON_MESSAGE;
  } else if (statusCode === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(body.message)) {
    body.message = `接口不存在:${body.message.replace(/^Cannot /, '')}`;
  } else if (body.message === 'Forbidden resource' || body.message === 'Unauthorized' || body.message === 'Too Many Requests') {
    body.message = DEFAULT_MESSAGES[statusCode];
  } else if (statusCode === 413 && /too large/i.test(body.message)) {
    body.message = DEFAULT_MESSAGES[413];
  } else if (statusCode === 429 && /ThrottlerException/.test(body.message)) {
    body.message = DEFAULT_MESSAGES[429];
  }
  return body;
}

/** Every error leaves as `{statusCode, message, error}`; only real faults become 500. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) return fromHttpException(exception);
    const parserError = bodyParserError(exception);
    if (parserError) return parserError;
    if (exception instanceof QueryFailedError && isUniqueViolation(exception)) {
      return { statusCode: 409, error: STATUS_NAMES[409], message: '记录已存在(与已有数据重复)' };
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: STATUS_NAMES[500], message: DEFAULT_MESSAGES[500] };
  }
}
