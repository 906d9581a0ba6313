#!/usr/bin/env node
// Prints the gzipped size of the JavaScript the login page loads: the scripts and
// module preloads in dist/web/index.html plus the lazily loaded login route
// (web/src/pages/LoginPage.tsx) and everything it imports statically, per the Vite
// manifest. Exits 1 when the total is over the budget (default 450 KB, --budget=KB).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const distDir = path.resolve(__dirname, '..', 'dist', 'web');
const LOGIN_ROUTE = 'src/pages/LoginPage.tsx';
const budgetArg = process.argv.find((a) => a.startsWith('--budget='));
const budgetKb = budgetArg ? Number(budgetArg.slice('--budget='.length)) : 450;

function die(message) {
  console.error(message);
  process.exit(2);
}

const htmlPath = path.join(distDir, 'index.html');
const manifestPath = path.join(distDir, '.vite', 'manifest.json');
if (!fs.existsSync(htmlPath) || !fs.existsSync(manifestPath)) die('dist/web is not built: run `npm run build:web` first.');
const html = fs.readFileSync(htmlPath, 'utf8');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));

const files = new Set();
const toFile = (url) => url.replace(/^\//, '').split(/[?#]/)[0];

// 1. What index.html itself loads.
for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) files.add(toFile(m[1]));
for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*>/g)) {
  const href = /\bhref="([^"]+)"/.exec(m[0]);
  if (href) files.add(toFile(href[1]));
}

// 2. The login route chunk and its static imports (dynamic imports load only later).
function addChunk(key, seen = new Set()) {
  if (seen.has(key)) return;
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) die(`manifest has no entry ${key}`);
  files.add(chunk.file);
  for (const dep of chunk.imports ?? []) addChunk(dep, seen);
}
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (entryKey) addChunk(entryKey);
addChunk(LOGIN_ROUTE);

const rows = [...files]
  .filter((f) => f.endsWith('.js'))
  .map((file) => {
    const buf = fs.readFileSync(path.join(distDir, file));
    return { file, raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
  })
  .sort((a, b) => b.gzip - a.gzip);

const kb = (n) => (n / 1024).toFixed(1);
for (const r of rows) console.log(`${kb(r.gzip).padStart(8)} KB gz  ${kb(r.raw).padStart(8)} KB  ${r.file}`);
const total = rows.reduce((s, r) => s + r.gzip, 0);
const totalRaw = rows.reduce((s, r) => s + r.raw, 0);
console.log(`Login page JavaScript: ${kb(total)} KB gzipped (${kb(totalRaw)} KB raw) in ${rows.length} files; budget ${budgetKb} KB.`);
if (total > budgetKb * 1024) {
  console.error(`Over budget by ${kb(total - budgetKb * 1024)} KB.`);
  process.exit(1);
}
