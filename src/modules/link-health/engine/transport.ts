/**
 * One HTTP request with a connect timeout, a total timeout and a capped body, over
 * keep-alive agents whose DNS lookup refuses private addresses (the SSRF guard).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { guardedLookup } from '../../../common/net/address-guard';

/** `stopped`: not sent, the sweep is stopping (the check's result is discarded). */
export type FailureKind = 'timeout' | 'dns' | 'refused' | 'reset' | 'tls' | 'blocked' | 'protocol' | 'other' | 'stopped';

export class RequestFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body was longer than the cap and only its prefix was read. */
  truncated: boolean;
}

export interface TransportOptions {
  allowPrivate: boolean;
  connectTimeoutMs: number;
  timeoutMs: number;
  maxBodyBytes: number;
  userAgent: string;
  maxSocketsPerHost: number;
}

const TLS_CODES = /^(CERT_|ERR_TLS|ERR_SSL|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_CERT)/;

export function classifyError(error: unknown): RequestFailure {
  if (error instanceof RequestFailure) return error;
  const err = error as NodeJS.ErrnoException;
  const code = err?.code ?? '';
  const message = err?.message ?? String(error);
  if (code === 'EADDRBLOCKED') return new RequestFailure('blocked', message, code);
  if (code === 'EPROTOCOL') return new RequestFailure('protocol', message, code);
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'EAI_NODATA') return new RequestFailure('dns', message, code);
  if (code === 'EAI_AGAIN') return new RequestFailure('dns', message, code);
  if (code === 'ECONNREFUSED') return new RequestFailure('refused', message, code);
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return new RequestFailure('timeout', message, code);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED' || code === 'UND_ERR_SOCKET' || /socket hang up|aborted/i.test(message)) {
    return new RequestFailure('reset', message, code || 'ECONNRESET');
  }
  if (TLS_CODES.test(code)) return new RequestFailure('tls', message, code);
  return new RequestFailure('other', message, code || undefined);
}

export class Transport {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly lookup: ReturnType<typeof guardedLookup>;

  constructor(private readonly options: TransportOptions) {
    this.lookup = guardedLookup(options.allowPrivate);
    const agentOptions = { keepAlive: true, keepAliveMsecs: 1_000, maxSockets: options.maxSocketsPerHost, maxFreeSockets: options.maxSocketsPerHost, scheduling: 'lifo' as const };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** `signal` abandons the request (a stuck try whose retry has started): it fails as a timeout. */
  send(url: URL, method: 'HEAD' | 'GET', signal?: AbortSignal): Promise<RawResponse> {
    const { connectTimeoutMs, timeoutMs, maxBodyBytes } = this.options;
    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false;
      let truncating = false;
      let connectTimer: NodeJS.Timeout | undefined;
      const finish = (error: unknown, response?: RawResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(totalTimer);
        clearTimeout(connectTimer);
        if (response) resolve(response);
        else reject(classifyError(error));
      };
      const isHttps = url.protocol === 'https:';
      const request = (isHttps ? https : http).request(
        url,
        {
          method,
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          lookup: this.lookup as unknown as http.RequestOptions['lookup'],
          headers: {
            'user-agent': this.options.userAgent,
            accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
            'accept-language': 'zh-CN,zh;q=0.9',
            'accept-encoding': 'identity',
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const done = (truncated: boolean) =>
            finish(null, { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks, Math.min(size, maxBodyBytes)), truncated });
          if (method === 'HEAD') {
            response.resume();
            response.on('end', () => done(false));
          } else {
            response.on('data', (chunk: Buffer) => {
              if (settled || truncating) return;
              chunks.push(chunk);
              size += chunk.length;
              if (size >= maxBodyBytes) {
                // Enough to judge the page: stop reading whatever the size. The socket is dropped;
                // the answer counts as settled (and its slot as free) once it is closed.
                truncating = true;
                const socket = response.socket;
                response.destroy();
                if (socket && !socket.closed) socket.once('close', () => done(true));
                else done(true);
              }
            });
            response.on('end', () => done(false));
          }
          response.on('error', (error) => truncating || finish(error));
          response.on('aborted', () => truncating || finish(new RequestFailure('reset', 'response aborted', 'ECONNRESET')));
        },
      );
      // The timeout acts after the event loop has read what has arrived (setImmediate runs after the
      // poll phase): on a busy machine the timer can fire late, in the same turn as the answer that
      // came in time, and the site must not be blamed for the checker's own lag.
      const totalTimer = setTimeout(
        () => setImmediate(() => settled || request.destroy(new RequestFailure('timeout', `no complete answer within ${timeoutMs} ms`, 'ETIMEDOUT'))),
        timeoutMs,
      );
      request.on('socket', (socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(() => request.destroy(new RequestFailure('timeout', `no connection within ${connectTimeoutMs} ms`, 'ECONNECTTIMEOUT')), connectTimeoutMs);
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      request.on('error', (error) => truncating || finish(error));
      signal?.addEventListener('abort', () => request.destroy(new RequestFailure('timeout', 'given up: the host answered requests sent after this one', 'ESTUCK')), { once: true });
      request.end();
    });
  }
}
