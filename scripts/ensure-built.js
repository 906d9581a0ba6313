#!/usr/bin/env node
// `npm start` runs this first: builds the server (and the admin UI, when its source is
// present) only when the build is missing or older than the source, so a fresh
// `npm install && npm start` works and later starts are instant.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function mtime(file) {
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
}

function run(script) {
  console.log(`> npm run ${script}`);
  const result = spawnSync('npm', ['run', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status || 1);
}

const serverBuilt = mtime(path.join(root, 'dist', 'src', 'main.js'));
if (!serverBuilt || newestMtime(path.join(root, 'src')) > serverBuilt) run('build:server');

const webSource = path.join(root, 'web', 'index.html');
const webBuilt = mtime(path.join(root, 'dist', 'web', 'index.html'));
if (fs.existsSync(webSource) && (!webBuilt || newestMtime(path.join(root, 'web')) > webBuilt)) run('build:web');
