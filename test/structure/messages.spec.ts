import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

// Messages reach the office's screens: a field is named by its Chinese label (单位, 季度), never
// by the code's identifier beside it (单位(unitId)). Clients that need the field get it in
// `errors[].field`.
const src = path.resolve(__dirname, '..', '..', 'src');
// File formats (统计表（xlsx）) are what the user chooses, not identifiers.
const IDENTIFIER_AFTER_CHINESE = /[\u4e00-\u9fff][(（](?!(?:xlsx|docx|csv|json)[)）])([a-z][a-zA-Z.]*)[)）]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'migrations' ? [] : sourceFiles(file);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [file] : [];
  });
}

describe('texts shown to users', () => {
  it('name fields by their Chinese label, without the identifier in brackets', () => {
    const found = sourceFiles(src).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          line.trim().startsWith('//') || line.trim().startsWith('*')
            ? []
            : [...line.matchAll(IDENTIFIER_AFTER_CHINESE)].map((m) => `${path.relative(src, file)}:${i + 1} ${m[0]}`),
        ),
    );
    expect(found).toEqual([]);
  });
});
