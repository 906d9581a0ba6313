import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

// Collects the texts a user may read — string literals, template literals and JSX text — from
// the server and web sources, so structure tests can hold them to the office's conventions.
// A template's placeholders, and an element's expressions and child elements, are kept as
// `${…}` so a check sees what surrounds them.

export interface SourceText {
  file: string;
  line: number;
  text: string;
  /** The source line holding the text and the one before it, for opt-out comments. */
  context: string;
}

const root = path.resolve(__dirname, '..', '..');
const SKIPPED_DIRECTORIES = new Set(['migrations', 'node_modules']);
const SKIPPED_FILES = /(\.spec\.tsx?|\.test\.tsx?|\.d\.ts|[\\/]api[\\/]schema\.ts)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return SKIPPED_DIRECTORIES.has(name) ? [] : sourceFiles(file);
    return /\.tsx?$/.test(name) && !SKIPPED_FILES.test(file) ? [file] : [];
  });
}

function textOf(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((span) => '${…}' + span.literal.text).join('');
  }
  // An element's children read as one text: "随机种子 {seed};" is Chinese up to its last mark.
  if (ts.isJsxElement(node) || ts.isJsxFragment(node)) {
    const text = node.children.map((child) => (ts.isJsxText(child) ? child.text : '${…}')).join('');
    return node.children.some(ts.isJsxText) ? text : undefined;
  }
  return undefined;
}

/** Module names in imports are code, not text. */
function isModuleName(node: ts.Node): boolean {
  const parent = node.parent;
  return !!parent && (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent));
}

function textsOfFile(file: string): SourceText[] {
  const source = readFileSync(file, 'utf8');
  const lines = source.split('\n');
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: SourceText[] = [];
  const visit = (node: ts.Node): void => {
    const text = textOf(node);
    if (text !== undefined && !isModuleName(node)) {
      const line = tree.getLineAndCharacterOfPosition(node.getStart(tree)).line;
      const context = [lines[line - 1] ?? '', lines[line]].join('\n');
      found.push({ file: path.relative(root, file), line: line + 1, text, context });
      if (ts.isTemplateExpression(node)) node.templateSpans.forEach((span) => visit(span.expression));
      if (ts.isJsxElement(node) || ts.isJsxFragment(node)) ts.forEachChild(node, (child) => (ts.isJsxText(child) ? undefined : visit(child)));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

// Regular-expression sources are patterns, not prose.
const REGEX_SOURCE = /\(\?[:=!<]|\\[sdwbp]|\[\^/;

export function chineseTexts(): SourceText[] {
  const files = [...sourceFiles(path.join(root, 'src')), ...sourceFiles(path.join(root, 'web', 'src'))];
  return files.flatMap(textsOfFile).filter((t) => /[\u3400-\u9fff]/.test(t.text) && !REGEX_SOURCE.test(t.text));
}
