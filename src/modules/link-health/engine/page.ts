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

export function decodeBody(headers: IncomingHttpHeaders, body: Buffer): string {
  const type = String(headers['content-type'] ?? '');
  let charset = /charset=["']?([\w-]+)/i.exec(type)?.[1];
  if (!charset) charset = /<meta[^>]+charset=["']?([\w-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
  const name = CHARSET_ALIASES[(charset ?? 'utf-8').toLowerCase()] ?? (charset ?? 'utf-8').toLowerCase();
  if (name === 'utf-8' || name === 'utf8' || !iconv.encodingExists(name)) return body.toString('utf8');
  return iconv.decode(body, name);
}
