import type { LoggerService } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';

/**
 * Logging plumbing: JSON lines on stdout through one pino logger per application (level from
 * LOG_LEVEL), an access line per HTTP request (pino-http; `/api/health` is not access-logged,
 * the Authorization and Cookie headers are masked, bodies are never logged), and a thin Nest
 * `LoggerService` that writes Nest's own logs (and every `new Logger(context)`) to that logger.
 */
export interface Logging {
  /** The application's pino logger. */
  root: Logger;
  /** The access-log middleware (Express `app.use`). */
  http: HttpLogger;
  /** Nest's logger (`NestFactory.create(..., { logger })`). */
  nest: LoggerService;
}

/** Nest contexts whose `log` lines are written at debug level. */
const QUIET_CONTEXTS = new Set(['RoutesResolver', 'RouterExplorer', 'InstanceLoader']);

let destination: DestinationStream | undefined;
let latestRoot: Logger | undefined;

/** The one stdout destination every application logger of this process writes to. */
export function logDestination(): DestinationStream {
  destination ??= pino.destination(1);
  return destination;
}

/** The most recently created application logger (tests raise its level and capture its output). */
export function rootLogger(): Logger | undefined {
  return latestRoot;
}

export function createLogging(level: string): Logging {
  const http = pinoHttp(
    {
      level,
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    logDestination(),
  );
  latestRoot = http.logger;
  return { root: http.logger, http, nest: new NestPinoLogger(http.logger) };
}

/**
 * Nest's logger calls mapped onto pino: the last optional parameter is the context (the
 * `context` field), an object message is merged into the line, an Error becomes `err`.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.call('trace', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.call('debug', message, optionalParams);
  }

  log(message: unknown, ...optionalParams: unknown[]): void {
    // Nest's start-up chatter (a line per module and per route, about 170) is debug detail: at
    // info it buries the first start's generated admin password.
    const context = optionalParams[optionalParams.length - 1];
    this.call(typeof context === 'string' && QUIET_CONTEXTS.has(context) ? 'debug' : 'info', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.call('warn', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.call('error', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.call('fatal', message, optionalParams);
  }

  private call(level: Level, message: unknown, optionalParams: unknown[]): void {
    const fields: Record<string, unknown> = {};
    let params: unknown[] = [];
    if (optionalParams.length) {
      fields.context = optionalParams[optionalParams.length - 1];
      params = optionalParams.slice(0, -1);
    }
    if (message instanceof Error) {
      fields.err = message;
      this.logger[level](fields, ...(params as []));
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(fields, message);
      this.logger[level](fields, ...(params as []));
    } else if (level === 'error' && typeof message === 'string' && params.length === 1 && typeof params[0] === 'string' && /\n\s*at /.test(params[0])) {
      // Nest's exception handlers call error(message, stack, context): log it as an error with that stack.
      const err = new Error(message);
      err.stack = params[0];
      this.logger.error({ ...fields, err });
    } else {
      this.logger[level](fields, String(message), ...(params as []));
    }
  }
}
