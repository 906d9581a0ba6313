import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Page } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { Cell, readSpreadsheet, SpreadsheetError } from '../../common/spreadsheet';
import { fieldError } from '../../common/validation';
import { Transaction, TransactionRunner } from '../../database/transactions';
import { EventBus } from '../../common/events/event-bus';
import { AuditService } from '../audit/audit.service';
import { ErrorWordsChangedEvent } from './error-words.events';
import { CATEGORY_LABELS, ErrorWordCategory, ErrorWordSeverity, parseCategory, parseSeverity, SEVERITY_LABELS } from './categories';
import { ErrorWord } from './error-word.entity';
import { AllowPhraseDto, CreateErrorWordDto, ListErrorWordsQuery, UpdateErrorWordDto } from './error-words.dto';
import { ErrorWordsRepository } from './error-words.repository';
import { ErrorWordImportView, ErrorWordView } from './error-words.responses';
import { CompiledLibrary, compileLibrary, normalizeText } from './matcher';

interface RowError {
  row: number;
  message: string;
}

const HEADERS = {
  wrong: ['错误写法', '错误', '错词', 'wrong'],
  correct: ['正确写法', '正确', '正确表述', 'correct'],
  category: ['类别', '分类', 'category'],
  note: ['说明', '备注', 'note'],
  allows: ['允许短语', '白名单', 'allows'],
  severity: ['严重程度', '严重性', 'severity'],
};
const ALLOW_SEPARATOR = /[;；\n]/;
const MAX_ROWS = 5000;

/** The 错敏词 library (error_words, error_word_allows): the only writer of those tables. */
@Injectable()
export class ErrorWordsService {
  private compiledCache: { key: string; library: CompiledLibrary } | null = null;

  constructor(
    private readonly words: ErrorWordsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bus: EventBus,
  ) {}

  /** After commit: the findings module rescans the posts under the new library (debounced). */
  private changed(action: ErrorWordsChangedEvent['action']): Promise<void> {
    return this.bus.emit(new ErrorWordsChangedEvent(action));
  }

  async list(query: ListErrorWordsQuery): Promise<Page<ErrorWordView>> {
    const page = await this.words.list(query);
    return { ...page, items: await this.present(page.items) };
  }

  async get(id: number): Promise<ErrorWordView> {
    return (await this.present([await this.require(id)]))[0];
  }

  async create(dto: CreateErrorWordDto, actor: Actor): Promise<ErrorWordView> {
    const fields = this.checkFields(dto.wrong, dto.correct);
    const id = await this.transactions.run(async (tx) => {
      await this.assertNoDuplicate(tx, fields.wrongNorm, null);
      const saved = await this.words.save(tx, { ...fields, category: dto.category, severity: dto.severity ?? 'general', note: dto.note?.trim() || null });
      await this.audit.record(tx, {
        subjectType: 'error_word',
        subjectId: saved.id,
        action: 'create',
        actor,
        changes: { wrong: saved.wrong, correct: saved.correct, category: saved.category, severity: saved.severity },
      });
      return saved.id;
    });
    await this.changed('create');
    return this.get(id);
  }

  async update(id: number, dto: UpdateErrorWordDto, actor: Actor): Promise<ErrorWordView> {
    await this.transactions.run(async (tx) => {
      const word = await this.require(id, tx);
      const fields = this.checkFields(dto.wrong ?? word.wrong, dto.correct ?? word.correct);
      if (fields.wrongNorm !== word.wrongNorm) await this.assertNoDuplicate(tx, fields.wrongNorm, id);
      const before = { wrong: word.wrong, correct: word.correct, category: word.category, severity: word.severity, note: word.note };
      Object.assign(
        word,
        fields,
        dto.category ? { category: dto.category } : {},
        dto.severity ? { severity: dto.severity } : {},
        dto.note !== undefined ? { note: dto.note?.trim() || null } : {},
      );
      await this.words.save(tx, word);
      await this.audit.record(tx, {
        subjectType: 'error_word',
        subjectId: id,
        action: 'update',
        actor,
        changes: { before, after: { wrong: word.wrong, correct: word.correct, category: word.category, severity: word.severity, note: word.note } },
      });
    });
    await this.changed('update');
    return this.get(id);
  }

  async remove(id: number, actor: Actor): Promise<void> {
    await this.transactions.run(async (tx) => {
      const word = await this.require(id, tx);
      await this.words.remove(tx, id);
      await this.audit.record(tx, {
        subjectType: 'error_word',
        subjectId: id,
        action: 'delete',
        actor,
        changes: { wrong: word.wrong, correct: word.correct, category: word.category },
      });
    });
    await this.changed('delete');
  }

  async addAllow(id: number, dto: AllowPhraseDto, actor: Actor): Promise<ErrorWordView> {
    await this.transactions.run(async (tx) => {
      const word = await this.require(id, tx);
      const phrase = dto.phrase.trim();
      const phraseNorm = this.checkAllow(word, phrase);
      if (await this.words.findAllow(tx, { errorWordId: id, phraseNorm })) throw new ConflictException(`允许短语“${phrase}”已存在`);
      await this.words.addAllow(tx, { errorWordId: id, phrase, phraseNorm });
      await this.audit.record(tx, { subjectType: 'error_word', subjectId: id, action: 'allow_add', actor, changes: { phrase } });
    });
    await this.changed('allow_add');
    return this.get(id);
  }

  async removeAllow(id: number, allowId: number, actor: Actor): Promise<ErrorWordView> {
    await this.transactions.run(async (tx) => {
      await this.require(id, tx);
      const allow = await this.words.findAllow(tx, { id: allowId, errorWordId: id });
      if (!allow) throw new NotFoundException(`错敏词 ${id} 没有编号为 ${allowId} 的允许短语`);
      await this.words.removeAllow(tx, allowId);
      await this.audit.record(tx, { subjectType: 'error_word', subjectId: id, action: 'allow_remove', actor, changes: { phrase: allow.phrase } });
    });
    await this.changed('allow_remove');
    return this.get(id);
  }

  /**
   * The whole library, normalised for matching (detectors). Compiling 5,000 words takes a few
   * hundred milliseconds, so the compiled library is kept while the rows it was made of are
   * unchanged (compared in full on every call: any process, any edit, never stale).
   */
  async compiled(): Promise<CompiledLibrary> {
    const { words, allows } = await this.words.matchingRows();
    const byWord = new Map<number, string[]>();
    for (const a of allows) byWord.set(a.errorWordId, [...(byWord.get(a.errorWordId) ?? []), a.phrase]);
    const input = words.map((w) => ({ ...w, allows: byWord.get(w.id) ?? [] }));
    const key = JSON.stringify(input);
    if (this.compiledCache?.key !== key) this.compiledCache = { key, library: compileLibrary(input) };
    return this.compiledCache.library;
  }

  /** XLSX/CSV import: 错误写法, 正确写法, 类别 (code or label), 说明?, 允许短语? (separated by ;). All rows or none; existing wrong forms are updated. */
  async import(file: { buffer: Buffer } | undefined, actor: Actor): Promise<ErrorWordImportView> {
    if (!file?.buffer) throw importError('请在表单字段 file 中上传 .xlsx 或 .csv 文件', []);
    let rows: Cell[][];
    try {
      rows = await readSpreadsheet(file.buffer, this.config.importLimits);
    } catch (error) {
      if (error instanceof SpreadsheetError) throw importError(error.message, []);
      throw error;
    }
    const headerIndex = rows.findIndex((r) => r.some((c) => c !== null && String(c).trim() !== ''));
    if (headerIndex < 0) throw importError('文件中没有数据', []);
    const header = rows[headerIndex].map((c) => (c === null ? '' : String(c).trim()));
    const col = (names: string[]) => header.findIndex((h) => names.includes(h) || names.includes(h.toLowerCase()));
    const at = {
      wrong: col(HEADERS.wrong),
      correct: col(HEADERS.correct),
      category: col(HEADERS.category),
      note: col(HEADERS.note),
      allows: col(HEADERS.allows),
      severity: col(HEADERS.severity),
    };
    const missing = (['wrong', 'correct', 'category'] as const).filter((k) => at[k] < 0).map((k) => HEADERS[k][0]);
    if (missing.length) throw importError(`表头缺少列：${missing.join('、')}（第一行应为：错误写法、正确写法、类别，可选：说明、允许短语、严重程度）`, []);
    const errors: RowError[] = [];
    const parsed: {
      row: number;
      wrong: string;
      wrongNorm: string;
      correct: string;
      category: ErrorWordCategory;
      severity: ErrorWordSeverity | null;
      note: string | null;
      allows: string[];
    }[] = [];
    const seen = new Map<string, number>();
    const text = (row: Cell[], i: number) =>
      i < 0 || row[i] === null || row[i] === undefined ? '' : String(row[i] instanceof Date ? (row[i] as Date).toISOString() : row[i]).trim();
    for (let r = headerIndex + 1; r < rows.length; r++) {
      const row = rows[r] ?? [];
      if (row.every((c) => c === null || String(c).trim() === '')) continue;
      const rowNo = r + 1;
      if (parsed.length + errors.length >= MAX_ROWS) {
        errors.push({ row: rowNo, message: `一次最多导入 ${MAX_ROWS} 行` });
        break;
      }
      const wrong = text(row, at.wrong);
      const correct = text(row, at.correct);
      const categoryText = text(row, at.category);
      const note = text(row, at.note) || null;
      const problems: string[] = [];
      if (!wrong) problems.push('错误写法不能为空');
      else if (wrong.length > 100) problems.push('错误写法最多 100 字');
      if (!correct) problems.push('正确写法不能为空');
      else if (correct.length > 200) problems.push('正确写法最多 200 字');
      const category = parseCategory(categoryText);
      if (!category) problems.push(`类别“${categoryText}”无效，可填：${Object.values(CATEGORY_LABELS).join('、')}`);
      if (note && note.length > 500) problems.push('说明最多 500 字');
      const severityText = text(row, at.severity);
      const severity = severityText ? parseSeverity(severityText) : null;
      if (severityText && !severity) problems.push(`严重程度“${severityText.slice(0, 20)}”无效，可填：严重、一般`);
      const wrongNorm = normalizeText(wrong);
      if (wrong && !wrongNorm) problems.push('错误写法只有空白字符');
      if (wrongNorm && wrongNorm === normalizeText(correct)) problems.push('错误写法与正确写法相同');
      if (wrongNorm && seen.has(wrongNorm)) problems.push(`与第 ${seen.get(wrongNorm)} 行的错误写法重复`);
      const allows = text(row, at.allows)
        .split(ALLOW_SEPARATOR)
        .map((s) => s.trim())
        .filter(Boolean);
      for (const phrase of allows) {
        const norm = normalizeText(phrase);
        if (phrase.length > 200) problems.push(`允许短语“${phrase.slice(0, 20)}…”过长（最多 200 字）`);
        else if (!wrongNorm || norm.length <= wrongNorm.length || !norm.includes(wrongNorm)) problems.push(`允许短语“${phrase}”必须包含错误写法“${wrong}”且更长`);
      }
      if (problems.length) {
        errors.push({ row: rowNo, message: problems.join('；') });
        continue;
      }
      seen.set(wrongNorm, rowNo);
      parsed.push({ row: rowNo, wrong, wrongNorm, correct, category: category as ErrorWordCategory, severity, note, allows });
    }
    if (errors.length)
      throw importError(
        `有 ${errors.length} 行需要修改，未导入任何数据：${errors
          .slice(0, 3)
          .map((e) => `第 ${e.row} 行：${e.message}`)
          .join('；')}${errors.length > 3 ? '……' : ''}`,
        errors,
      );
    if (!parsed.length) throw importError('文件中没有可导入的数据行', []);
    const result = await this.transactions.run(async (tx) => {
      let imported = 0;
      let updated = 0;
      const existing = new Map<string, ErrorWord>();
      for (let i = 0; i < parsed.length; i += 500) {
        const found = await this.words.findByWrongNorms(
          tx,
          parsed.slice(i, i + 500).map((p) => p.wrongNorm),
        );
        for (const w of found) existing.set(w.wrongNorm, w);
      }
      for (const p of parsed) {
        let word = existing.get(p.wrongNorm);
        if (word) {
          Object.assign(word, { wrong: p.wrong, correct: p.correct, category: p.category, severity: p.severity ?? word.severity, note: p.note ?? word.note });
          word = await this.words.save(tx, word);
          updated++;
        } else {
          word = await this.words.save(tx, { wrong: p.wrong, wrongNorm: p.wrongNorm, correct: p.correct, category: p.category, severity: p.severity ?? 'general', note: p.note });
          imported++;
        }
        for (const phrase of p.allows) {
          const phraseNorm = normalizeText(phrase);
          if (!(await this.words.findAllow(tx, { errorWordId: word.id, phraseNorm }))) await this.words.addAllow(tx, { errorWordId: word.id, phrase, phraseNorm });
        }
      }
      await this.audit.record(tx, { subjectType: 'error_word', subjectId: 0, action: 'import', actor, reason: `导入错敏词：新增 ${imported} 条，更新 ${updated} 条` });
      return { imported, updated };
    });
    await this.changed('import');
    return result;
  }

  /** The library as XLSX, in the import format (so an export can be edited and imported back). */
  async export(): Promise<Buffer> {
    const words = await this.words.all('category');
    const allows = await this.words.allAllows();
    const byWord = new Map<number, string[]>();
    for (const a of allows) byWord.set(a.errorWordId, [...(byWord.get(a.errorWordId) ?? []), a.phrase]);
    const workbook = new ExcelJS.Workbook();
    workbook.creator = '政务新媒体账号登记与监测系统';
    const sheet = workbook.addWorksheet('错敏词库');
    sheet.columns = [
      { header: '错误写法', key: 'wrong', width: 28 },
      { header: '正确写法', key: 'correct', width: 36 },
      { header: '类别', key: 'category', width: 16 },
      { header: '说明', key: 'note', width: 40 },
      { header: '允许短语', key: 'allows', width: 48 },
      { header: '严重程度', key: 'severity', width: 10 },
    ];
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const w of words)
      sheet.addRow({
        wrong: w.wrong,
        correct: w.correct,
        category: CATEGORY_LABELS[w.category] ?? w.category,
        note: w.note ?? '',
        allows: (byWord.get(w.id) ?? []).join('；'),
        severity: SEVERITY_LABELS[w.severity] ?? '一般',
      });
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  private checkFields(wrong: string, correct: string): { wrong: string; wrongNorm: string; correct: string } {
    const wrongNorm = normalizeText(wrong);
    if (!wrongNorm) throw fieldError('wrong', '错误写法不能为空');
    if (wrongNorm.length > 100) throw fieldError('wrong', '错误写法过长，最多 100 字');
    if (wrongNorm === normalizeText(correct)) throw fieldError('correct', '正确写法与错误写法相同，请检查');
    return { wrong: wrong.trim(), wrongNorm, correct: correct.trim() };
  }

  private checkAllow(word: ErrorWord, phrase: string): string {
    const norm = normalizeText(phrase);
    if (norm.length <= word.wrongNorm.length || !norm.includes(word.wrongNorm)) {
      throw fieldError('phrase', `允许短语必须是包含错误写法“${word.wrong}”的更长的正确短语，例如“中华人民共和国政府信息公开条例”之于“政府信息公开条例”`);
    }
    return norm;
  }

  private async assertNoDuplicate(tx: Transaction, wrongNorm: string, exceptId: number | null): Promise<void> {
    const existing = await this.words.findByWrongNorm(wrongNorm, tx);
    if (existing && existing.id !== exceptId) throw new ConflictException(`错误写法“${existing.wrong}”已在词库中（编号 ${existing.id}），请直接修改该条`);
  }

  private async require(id: number, tx?: Transaction): Promise<ErrorWord> {
    const word = await this.words.findById(id, tx);
    if (!word) throw new NotFoundException(`错敏词 ${id} 不存在`);
    return word;
  }

  private async present(words: ErrorWord[]): Promise<ErrorWordView[]> {
    const allows = await this.words.allowsOf(words.map((w) => w.id));
    return words.map((w) => ({
      id: w.id,
      wrong: w.wrong,
      correct: w.correct,
      category: w.category,
      categoryLabel: CATEGORY_LABELS[w.category] ?? w.category,
      severity: w.severity,
      severityLabel: SEVERITY_LABELS[w.severity] ?? w.severity,
      note: w.note,
      allows: allows.filter((a) => a.errorWordId === w.id).map((a) => ({ id: a.id, phrase: a.phrase })),
      createdAt: w.createdAt,
      updatedAt: w.updatedAt,
    }));
  }
}

function importError(message: string, errors: RowError[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, errors });
}
