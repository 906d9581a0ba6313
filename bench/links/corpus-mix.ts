/**
 * The bench's office-like mix (issue #24): the gone-page corpus (test/fixtures/pages) served
 * from many hosts as 5–50 KB pages (inline scripts and styles, as real CMS pages carry), some of
 * them slow, next to the fixture's status cases. Each link carries its category so accuracy is
 * reported per kind of page. Pure Node.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_CASES } from '../../test/fixtures/link-server/server';
import { CORPUS, CORPUS_DIR } from '../../test/fixtures/pages/serve';

export interface MixLink {
  url: string;
  health: string;
  category: string;
}

const SIZES_KB = [5, 12, 25, 50];
/** One link in this many is slow (answers after SLOW_MS). */
const SLOW_EVERY = 25;
const SLOW_MS = 800;
/** Share of the links taken from the corpus (the rest: the fixture's status cases). */
const CORPUS_SHARE = 0.6;
/** Status cases of the classic fixture that need no special timing (hangs, 429 and 5 MB pages stay in the classic mix). */
const STATUS_CASES = FIXTURE_CASES.filter((c) => !['/hang', '/rate/429-forever', '/rate/429-then-ok', '/large', '/flaky/503-then-ok'].includes(c.path));

/** A page grown to about `kb` KB by inline script and style, as real pages are (not visible text, so the verdict stays). */
function padded(html: string, kb: number): Buffer {
  const need = kb * 1024 - Buffer.byteLength(html);
  if (need <= 0) return Buffer.from(html);
  const line = 'window.__cms = window.__cms || {}; __cms.menu.push({ id: 1024, name: "column", href: "/col/col1024/index.html" });\n';
  const script = `<script type="text/javascript">\n${line.repeat(Math.ceil(need / line.length))}</script>\n`;
  return Buffer.from(html.replace(/<\/head>/i, `${script}</head>`));
}

const pages = CORPUS.filter((p) => p.health !== 'probe');
const variants = new Map(pages.map((p) => [p.file, SIZES_KB.map((kb) => padded(readFileSync(join(CORPUS_DIR, p.file), 'utf8'), kb))]));
const redirected = new Map(pages.filter((p) => p.redirected).map((p) => [new URL(p.url).pathname, p.file]));
const catchAllHome = variants.get('catchall-home.html')!;

/** Builds `count` links over `hosts` loopback hosts: corpus pages (spread evenly) and status cases. */
export function buildMixLinks(port: number, hosts: number, count: number): MixLink[] {
  const links: MixLink[] = [];
  const host = (i: number) => `http://127.0.0.${(i % hosts) + 1}:${port}`;
  const corpusCount = Math.round(count * CORPUS_SHARE);
  for (let i = 0; i < count; i++) {
    const slow = i % SLOW_EVERY === 7 ? '&slow=1' : '';
    if (i < corpusCount) {
      const page = pages[i % pages.length];
      const path = page.kind === 'catch-all' ? `/ca${new URL(page.url).pathname}` : `/c/${page.file}`;
      // The catch-all homepage is a site's root (its path is `/`).
      const url = page.file === 'catchall-home.html' ? `${host(i)}/?n=${i}` : `${host(i)}${path}?n=${i}${slow}`;
      links.push({ url, health: page.health, category: page.kind });
    } else {
      const c = STATUS_CASES[i % STATUS_CASES.length];
      links.push({ url: `${host(i)}${c.path}?n=${i}`, health: c.health, category: c.path.startsWith('/soft404') || c.path.startsWith('/wechat') ? 'classic-soft404' : 'status' });
    }
  }
  return links;
}

/** Whether the mix answers this path (else the classic fixture does). */
export function isMixPath(path: string): boolean {
  return path === '/' || path.startsWith('/c/') || path.startsWith('/ca/') || redirected.has(path);
}

/** Answers the mix's corpus routes; false for any other path (the classic fixture answers those). */
export function handleMix(req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://mix');
  const n = Number(url.searchParams.get('n') ?? 0);
  const send = (status: number, body: Buffer, headers: Record<string, string> = {}) => {
    const go = () => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (url.searchParams.get('slow')) setTimeout(go, SLOW_MS);
    else go();
  };
  const file = /^\/c\/([\w.-]+)$/.exec(url.pathname)?.[1];
  const page = file ? pages.find((p) => p.file === file) : undefined;
  if (page?.redirected) {
    const to = new URL(page.url);
    send(302, Buffer.alloc(0), { location: `${to.pathname}${to.search}` });
    return true;
  }
  if (page) {
    send(200, variants.get(page.file)![n % SIZES_KB.length]);
    return true;
  }
  const landed = redirected.get(url.pathname);
  if (landed) {
    send(200, variants.get(landed)![0]);
    return true;
  }
  if (url.pathname === '/') {
    send(200, catchAllHome[n % SIZES_KB.length]);
    return true;
  }
  if (url.pathname.startsWith('/ca/')) {
    const real = pages.find((p) => p.kind === 'catch-all' && p.file !== 'catchall-deep.html' && `/ca${new URL(p.url).pathname}` === url.pathname);
    send(200, real ? variants.get(real.file)![n % SIZES_KB.length] : catchAllHome[n % SIZES_KB.length]);
    return true;
  }
  if (url.pathname.startsWith('/c/')) {
    send(404, Buffer.from('<!doctype html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>'));
    return true;
  }
  return false;
}
