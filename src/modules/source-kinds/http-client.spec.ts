import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SourceHttpClient } from './http-client';
import { SourceError } from './post-source';

/** Two local servers: `first` redirects every request to `second` with the given status. */
async function redirectPair(status: number) {
  const received: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const second = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => second.listen(0, '127.0.0.1', resolve));
  // "localhost" vs "127.0.0.1": another origin (host and port differ) on the same machine.
  const target = `http://localhost:${(second.address() as AddressInfo).port}/landing`;
  const first = http.createServer((req, res) => {
    req.resume();
    res.writeHead(status, { location: target });
    res.end();
  });
  await new Promise<void>((resolve) => first.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(first.address() as AddressInfo).port}`;
  const close = () => Promise.all([first, second].map((s) => new Promise((resolve) => s.close(resolve))));
  return { origin, received, close };
}

describe('source HTTP client: credentials never follow a redirect to another origin', () => {
  const client = new SourceHttpClient({ allowPrivate: true, timeoutMs: 2000, maxBytes: 1024 * 1024 });

  it.each([307, 308])('refuses to re-send a body with secrets after a %i to another origin', async (status) => {
    const pair = await redirectPair(status);
    try {
      const sent = client.request({ url: `${pair.origin}/cgi-bin/stable_token`, method: 'POST', json: { appid: 'wx1', secret: 'TOP-SECRET' } });
      await expect(sent).rejects.toBeInstanceOf(SourceError);
      await expect(sent).rejects.toThrow(/重定向到了其他地址/);
      expect(pair.received).toEqual([]);
    } finally {
      await pair.close();
    }
  });

  it('drops the request headers when a GET is redirected to another origin', async () => {
    const pair = await redirectPair(302);
    try {
      const res = await client.request({ url: `${pair.origin}/feed`, headers: { Authorization: 'Bearer TOP-SECRET' } });
      expect(res.status).toBe(200);
      expect(pair.received).toHaveLength(1);
      expect(pair.received[0].headers.authorization).toBeUndefined();
    } finally {
      await pair.close();
    }
  });
});
