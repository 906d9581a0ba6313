/**
 * Reading a fetched page: whether it is HTML and its text in the right charset. What the page
 * says is judged by the gone-page rules (gone/judge.ts).
 */
import * as iconv from 'iconv-lite';
import type { IncomingHttpHeaders } from 'node:http';

export function isHtml(headers: IncomingHttpHeaders, body?: Buffer): boolean {
  const type = String(headers['content-type'] ?? '').toLowerCase();
  if (type) return type.includes('html');
  if (!body) return true; // unknown type on HEAD: must look at the page
  return /^\s*(<!doctype html|<html|<head|<body|<title)/i.test(body.subarray(0, 512).toString('latin1'));
}

const CHARSET_ALIASES: Record<string, string> = { gb2312: 'gbk', 'x-gbk': 'gbk', gb_2312: 'gbk' };

function charsetOf(headers: IncomingHttpHeaders, body: Buffer): string {
  const type = String(headers['content-type'] ?? '');
  let charset = /charset=["']?([\w-]+)/i.exec(type)?.[1];
  if (!charset) charset = /<meta[^>]+charset=["']?([\w-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
  return CHARSET_ALIASES[(charset ?? 'utf-8').toLowerCase()] ?? (charset ?? 'utf-8').toLowerCase();
}

function decodeAs(body: Buffer, name: string): string {
  if (name === 'utf-8' || name === 'utf8' || !iconv.encodingExists(name)) return body.toString('utf8');
  return iconv.decode(body, name);
}

export function decodeBody(headers: IncomingHttpHeaders, body: Buffer): string {
  return decodeAs(body, charsetOf(headers, body));
}

/** Charsets in which ASCII bytes are ASCII characters wherever they occur (tags can be found in the bytes). */
const ASCII_SAFE = /^(utf-?8|gbk|gb18030|big5|iso-8859-\d+|latin1|windows-125\d|us-ascii|ascii)$/;
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

/** Whether the bytes at `at` spell `name` (lower case ASCII) in any case, followed by a character that ends a tag name. */
function namedAt(body: Buffer, at: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) if ((body[at + i] | 0x20) !== name.charCodeAt(i)) return false;
  const next = body[at + name.length];
  return next === undefined || next === GT || next === SLASH || next <= 0x20;
}

/** Where the closing tag `</name` starts after `from`, or -1. */
function closingAt(body: Buffer, name: string, from: number): number {
  for (let at = body.indexOf('</', from); at >= 0; at = body.indexOf('</', at + 2)) if (namedAt(body, at + 2, name)) return at;
  return -1;
}

/**
 * The page's bytes with the code of its scripts and styles left out (the tags stay), before
 * decoding: a CMS page is often more script than text, and decoding it was the largest part of
 * reading a page. A script that mentions `location` or `refresh` is kept (it may redirect).
 */
function withoutCode(body: Buffer): Buffer {
  const kept: Buffer[] = [];
  let copied = 0;
  for (let at = body.indexOf(LT); at >= 0 && at < body.length; at = body.indexOf(LT, at + 1)) {
    const name = namedAt(body, at + 1, 'script') ? 'script' : namedAt(body, at + 1, 'style') ? 'style' : null;
    if (!name) continue;
    const open = body.indexOf(GT, at);
    if (open < 0) break;
    const close = closingAt(body, name, open + 1);
    if (close < 0) break;
    const code = body.subarray(open + 1, close);
    if (name === 'script' && (code.includes('location') || code.includes('refresh'))) {
      at = close;
      continue;
    }
    kept.push(body.subarray(copied, open + 1));
    copied = close;
    at = close;
  }
  if (!kept.length) return body;
  kept.push(body.subarray(copied));
  return Buffer.concat(kept);
}

/** The page's text for reading what it says (pageParts): decoded, with script and style code left out when the charset allows finding tags in the bytes. */
export function decodePage(headers: IncomingHttpHeaders, body: Buffer): string {
  const name = charsetOf(headers, body);
  return decodeAs(ASCII_SAFE.test(name) ? withoutCode(body) : body, name);
}
