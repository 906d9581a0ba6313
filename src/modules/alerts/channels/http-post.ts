/** A guarded JSON POST for alert channels: SSRF guard (ALERT_ALLOW_PRIVATE), timeout, no redirects, capped answer. */
import * as http from 'node:http';
import * as https from 'node:https';
import { assertUrlAllowed, guardedLookup } from '../../../common/net/address-guard';

export interface PostResult {
  status: number;
  body: string;
}

const MAX_ANSWER = 64 * 1024;

export function postJson(target: string, payload: unknown, options: { allowPrivate: boolean; timeoutMs: number; headers?: Record<string, string> }): Promise<PostResult> {
  const url = assertUrlAllowed(target, options.allowPrivate);
  const body = Buffer.from(JSON.stringify(payload));
  return new Promise<PostResult>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(options.allowPrivate) as unknown as http.RequestOptions['lookup'],
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length, 'user-agent': 'GovNewMediaRegistry-Alerts/1.0', ...options.headers },
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_ANSWER) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER) }));
        response.on('error', reject);
      },
    );
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('close', () => clearTimeout(timer));
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
