/**
 * The demo web site the demo columns (栏目) point at: started on 127.0.0.1 by the seed, checked
 * by the real link checker, stopped again. Known column pages answer 200 with real content;
 * the broken columns of the plan answer 404, or 200 with a "页面不存在" page (soft 404);
 * anything else is a plain 404 (so the checker's random-path probe sees a different page).
 */
import { createServer, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface DemoPage {
  title: string;
  items: string[];
  mode: 'ok' | 'not_found' | 'soft404';
}

export interface DemoSite {
  origin: string;
  /** Requests served, for the progress line. */
  requests(): number;
  close(): Promise<void>;
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

function okPage(page: DemoPage): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(page.title)}</title></head><body>
<div class="nav"><a href="../zwgk/">政务公开</a> | <a href="../bsfw/">办事服务</a> | <a href="../hdjl/">互动交流</a></div>
<h1>${escape(page.title)}</h1>
<ul class="list">${page.items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>
<p>本栏目由单位信息员维护，及时发布政务信息、办事指南和互动答复，欢迎公众查阅、留言。</p>
<div class="footer">演示站点 · 政务新媒体账号登记与监测系统</div></body></html>`;
}

const SOFT_404 = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>页面不存在</title></head><body>
<div class="nav">首页 | 政务公开 | 办事服务</div><h1>您访问的页面不存在</h1><p>栏目已调整或已删除。</p><a href="/">返回首页</a></body></html>`;

/** Serves `pages` (path → page) on 127.0.0.1 at a free port. */
export async function startDemoSite(pages: Map<string, DemoPage>): Promise<DemoSite> {
  let served = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    served++;
    const path = (req.url ?? '/').split('?')[0];
    const page = pages.get(path);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (!page || page.mode === 'not_found') {
      res.statusCode = 404;
      res.end('<!doctype html><html><head><meta charset="utf-8"><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>');
      return;
    }
    res.statusCode = 200;
    res.end(page.mode === 'soft404' ? SOFT_404 : okPage(page));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
