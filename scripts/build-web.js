#!/usr/bin/env node
// Builds the admin UI (web/) into dist/web: type-check, then the Vite production build.
// Exits non-zero when either step fails.
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const webDir = path.join(root, 'web');

function fail(message) {
  console.error(`build:web failed: ${message}`);
  process.exit(1);
}

function typeCheck() {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(webDir, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) fail('TypeScript errors in web/ (see above)');
}

async function main() {
  // A production bundle whatever the caller's environment (Jest, for one, sets NODE_ENV=test).
  process.env.NODE_ENV = 'production';
  if (!process.argv.includes('--no-typecheck')) typeCheck();
  const { build } = await import('vite');
  await build({ configFile: path.join(webDir, 'vite.config.ts'), mode: 'production', logLevel: 'info' });
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));
