#!/usr/bin/env node
// Measures the shape of the code base (issue #18): files over the line limit, cycles between
// module folders, code outside repositories that touches TypeORM's data access, and the size
// of the web's API layer. `node scripts/structure-report.js` prints a report; `--json` prints
// the figures as JSON (test/structure reads them). No dependencies: plain Node.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const LINE_LIMIT = 400;

function walk(dir, accept, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, accept, out);
    else if (accept(full)) out.push(full);
  }
  return out;
}

const rel = (file) => path.relative(root, file).split(path.sep).join('/');
const isSource = (file) => /\.(ts|tsx)$/.test(file) && !/\.d\.ts$/.test(file);
const isExempt = (file) => /\.(spec|e2e-spec|browser-spec)\.ts$/.test(file) || /\/migrations\//.test(file) || /\.generated\.ts$/.test(file) || /\/api\/schema\.ts$/.test(file);
const lineCount = (file) => fs.readFileSync(file, 'utf8').split('\n').length - 1;

/** Files over the limit in src/ and web/src (tests, migrations and generated files aside). */
function largeFiles() {
  const files = [...walk(path.join(root, 'src'), isSource), ...walk(path.join(root, 'web', 'src'), isSource)].filter((f) => !isExempt(f));
  return files
    .map((file) => ({ file: rel(file), lines: lineCount(file) }))
    .filter((f) => f.lines > LINE_LIMIT)
    .sort((a, b) => b.lines - a.lines);
}

/** The folder a server file belongs to: src/modules/<name>, or a plumbing folder (common, config, database, queue). */
function folderOf(file) {
  const parts = rel(file).split('/');
  if (parts[0] !== 'src') return null;
  if (parts[1] === 'modules') return parts.length > 3 ? `modules/${parts[2]}` : null;
  return parts.length > 2 ? parts[1] : null;
}

function importsOf(file) {
  const text = fs.readFileSync(file, 'utf8');
  const found = [];
  for (const match of text.matchAll(/(?:import|export)\s+(?:type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/g)) found.push(match[1]);
  for (const match of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]);
  return found;
}

function folderGraph(files) {
  const graph = new Map();
  for (const file of files) {
    const from = folderOf(file);
    if (!from) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const to = folderOf(path.resolve(path.dirname(file), spec) + '.ts');
      if (to && to !== from) graph.get(from).add(to);
    }
  }
  return graph;
}

/** Strongly connected components with more than one folder (Tarjan). */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const result = [];
  const visit = (node) => {
    state.set(node, { index, low: index, onStack: true });
    index++;
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!state.has(next)) {
        visit(next);
        state.get(node).low = Math.min(state.get(node).low, state.get(next).low);
      } else if (state.get(next).onStack) state.get(node).low = Math.min(state.get(node).low, state.get(next).index);
    }
    if (state.get(node).low === state.get(node).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) result.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return result;
}

/** What counts as touching TypeORM's data access: these names imported from typeorm, or injecting from @nestjs/typeorm. */
const DATA_ACCESS_NAMES = /^(DataSource|EntityManager|Repository|QueryRunner|\w*QueryBuilder)$/;
const INJECT = /\bInject(Repository|DataSource|EntityManager)\b/;

function touchesDataAccess(text) {
  for (const match of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]typeorm['"]/g)) {
    const names = match[1].split(',').map(
      (n) =>
        n
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0],
    );
    if (names.some((n) => DATA_ACCESS_NAMES.test(n))) return true;
  }
  return /from\s*['"]@nestjs\/typeorm['"]/.test(text) && INJECT.test(text);
}

/**
 * Server files that touch TypeORM's data access (DataSource, EntityManager, Repository, query
 * builders, @InjectRepository/@InjectDataSource) outside module repositories (`*.repository.ts`),
 * entities and the database module (src/database, migrations included).
 */
function directDataAccess(files) {
  return files
    .filter((file) => !/\.(repository|entity|entities)\.ts$/.test(file) && !rel(file).startsWith('src/database/'))
    .filter((file) => touchesDataAccess(fs.readFileSync(file, 'utf8')))
    .map(rel)
    .sort();
}

/** Plumbing files (common, config, database, queue) that import a domain module. */
function plumbingToDomain(files) {
  return files
    .filter((file) => ['common', 'config', 'database', 'queue'].includes(folderOf(file)))
    .filter((file) => importsOf(file).some((spec) => spec.startsWith('.') && /\/modules\//.test(path.resolve(path.dirname(file), spec).split(path.sep).join('/'))))
    .map(rel)
    .sort();
}

function webApiLines() {
  const dir = path.join(root, 'web', 'src', 'api');
  return walk(dir, isSource).map((file) => ({ file: rel(file), lines: lineCount(file), generated: /schema\.ts$|\.generated\.ts$/.test(file) }));
}

function report() {
  const serverFiles = walk(path.join(root, 'src'), isSource).filter((f) => !isExempt(f));
  const graph = folderGraph(serverFiles);
  return {
    largeFiles: largeFiles(),
    folderCycles: cycles(graph),
    directDataAccess: directDataAccess(serverFiles),
    plumbingToDomain: plumbingToDomain(serverFiles),
    webApi: webApiLines(),
  };
}

if (require.main === module) {
  const figures = report();
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
  } else {
    console.log(`Files over ${LINE_LIMIT} lines (src/, web/src; tests, migrations, generated aside): ${figures.largeFiles.length}`);
    for (const f of figures.largeFiles) console.log(`  ${f.lines}\t${f.file}`);
    console.log(`Cycles between module folders: ${figures.folderCycles.length}`);
    for (const c of figures.folderCycles) console.log(`  {${c.join(', ')}}`);
    console.log(`Files touching TypeORM data access outside repositories/entities/src/database: ${figures.directDataAccess.length}`);
    for (const f of figures.directDataAccess) console.log(`  ${f}`);
    console.log(`Plumbing files (common, config, database, queue) importing a domain module: ${figures.plumbingToDomain.length}`);
    for (const f of figures.plumbingToDomain) console.log(`  ${f}`);
    console.log('Web API layer:');
    for (const f of figures.webApi) console.log(`  ${f.lines}\t${f.file}${f.generated ? ' (generated)' : ''}`);
  }
}

module.exports = { report, LINE_LIMIT };
