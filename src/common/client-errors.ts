import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** What Node's HTTP parser refuses before any route runs, in the api.md error shape. */
const CLIENT_ERRORS: Record<number, { error: string; message: string }> = {
  400: { error: 'Bad Request', message: '请求格式不正确，服务器无法解析，请检查请求' },
  408: { error: 'Request Timeout', message: '请求超时，请重试' },
  431: { error: 'Request Header Fields Too Large', message: '请求地址或请求头过长，请缩短查询条件或参数后重试' },
};

/**
 * Node answers a request it cannot parse (a request line or headers over its size limit, bad
 * syntax, a timeout) with a bare status line and no body. This listener sends the same status
 * with the `{statusCode, message, error}` body every other refusal has.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const response = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    const statusCode = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const { error: name, message } = CLIENT_ERRORS[statusCode];
    const body = JSON.stringify({ statusCode, message, error: name });
    socket.end(`HTTP/1.1 ${statusCode} ${name}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}

/** Installs answerClientErrors on the application's HTTP server (none in workers and the CLI). */
@Injectable()
export class ClientErrorResponder implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server && typeof server.on === 'function') answerClientErrors(server);
  }
}
