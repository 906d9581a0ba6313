import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Cooperative } from '../../common/cooperative';
import { EventBus } from '../../common/events/event-bus';
import { Page } from '../../common/pagination';
import { formatQuarter, parseQuarter, quarterBounds, quarterOf } from '../../common/quarter';
import type { Actor } from '../../common/roles';
import { readSpreadsheet, SpreadsheetError } from '../../common/spreadsheet';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { Transaction, TransactionRunner } from '../../database/transactions';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import { platformRegistry } from '../platforms/platform-registry';
import { manual } from '../source-kinds/builtin/manual';
import type { NormalisedPost } from '../source-kinds/normalised-post';
import { storedBody } from '../source-kinds/post-body';
import { maskPersonalNumbers } from '../../common/personal-numbers';
import { ReportingRepository } from '../reporting/reporting.repository';
import { Post, PostOrigin } from './post.entity';
import { interpretPostRows } from './posts-import';
import { ListPostsQuery, PostStatsQuery } from './posts.dto';
import { PostsCorrectedEvent, PostsStoredEvent, PostsStoringEvent } from './posts.events';
import { PostsRepository } from './posts.repository';
import { PostImportResultView, PostStatsView, PostView } from './posts.responses';

const INSERT_CHUNK = 200;
const LOOKUP_CHUNK = 500;

/** Posts (发布/转发): the only writer of `posts`. Stored once per (account, platformPostId). */
@Injectable()
export class PostsService {
  constructor(
    private readonly posts: PostsRepository,
    private readonly accountRows: AccountsRepository,
    private readonly reporting: ReportingRepository,
    private readonly transactions: TransactionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
  ) {}

  /** Tells PostsStoredEvent once the posts are committed (a failing listener never fails the store). */
  private async emitStored(accountId: number, inserted: number, posts: { publishedAt: Date }[]): Promise<void> {
    if (!inserted || !posts.length) return;
    await this.bus.emit(new PostsStoredEvent(accountId, inserted, latestOf(posts)));
  }

  /** Which of these ids are stored for the account. */
  async known(accountId: number, ids: string[], tx?: Transaction): Promise<Set<string>> {
    return new Set((await this.stored(accountId, ids, tx)).keys());
  }

  /** The stored posts among these ids, with their content hashes. */
  private async stored(accountId: number, ids: string[], tx?: Transaction): Promise<Map<string, { id: number; contentHash: string | null }>> {
    const found = new Map<string, { id: number; contentHash: string | null }>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
      for (const row of await this.posts.storedHashes(accountId, unique.slice(i, i + LOOKUP_CHUNK), tx)) {
        found.set(row.platformPostId, { id: Number(row.id), contentHash: row.contentHash });
      }
    }
    return found;
  }

  /**
   * Idempotent batch upsert: new posts are inserted (INSERT OR IGNORE on SQLite, INSERT IGNORE
   * on MySQL, in chunks); a stored post the source now gives with another text (正文) is
   * corrected — its title, body and content hash replaced — so the findings of its old text
   * resolve on the next scan. A source without a body never overwrites one. Returns how many
   * were new and how many corrected.
   */
  async saveNew(accountId: number, origin: PostOrigin, input: NormalisedPost[], tx?: Transaction): Promise<{ inserted: number; skipped: number; corrected: number }> {
    const unique = new Map<string, NormalisedPost>();
    for (const post of input) if (!unique.has(post.platformPostId)) unique.set(post.platformPostId, post);
    if (!unique.size) return { inserted: 0, skipped: input.length, corrected: 0 };
    const known = await this.stored(accountId, [...unique.keys()], tx);
    const fresh = [...unique.values()].filter((p) => !known.has(p.platformPostId));
    const corrections = [...unique.values()].flatMap((p) => {
      const stored = known.get(p.platformPostId);
      const columns = bodyColumns(p);
      return stored && columns.body && columns.contentHash !== stored.contentHash ? [{ id: stored.id, title: p.title, ...columns }] : [];
    });
    const result = { inserted: fresh.length, skipped: input.length - fresh.length - corrections.length, corrected: corrections.length };
    if (!fresh.length && !corrections.length) return result;
    const store = async (own: Transaction) => {
      for (const { id, ...fields } of corrections) await this.posts.updateContent(own, id, fields);
      if (fresh.length) await this.insertFresh(accountId, origin, fresh, own);
    };
    if (tx) {
      await store(tx);
    } else {
      await this.transactions.run(store);
      // Committed now; import() tells after its own commit.
      await this.emitStored(accountId, fresh.length, fresh);
      await this.emitCorrected(accountId, corrections.length);
    }
    return result;
  }

  /** Tells PostsCorrectedEvent once corrections are committed. */
  private async emitCorrected(accountId: number, corrected: number): Promise<void> {
    if (corrected) await this.bus.emit(new PostsCorrectedEvent(accountId, corrected));
  }

  /**
   * Inserts posts not stored yet (INSERT OR IGNORE / INSERT IGNORE, in chunks) and tells
   * PostsStoringEvent in the same transaction: awaited, and a listener that throws fails the store.
   */
  private async insertFresh(accountId: number, origin: PostOrigin, fresh: NormalisedPost[], tx: Transaction): Promise<void> {
    const now = new Date();
    // On SQLite every insert runs synchronously: without turns a 20,000-row import would hold
    // the event loop for seconds (other queries wait at the transaction gate either way).
    const cooperative = new Cooperative();
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
      await cooperative.turn();
      const values = fresh.slice(i, i + INSERT_CHUNK).map((p) => ({
        ...bodyColumns(p),
        accountId,
        platformPostId: p.platformPostId,
        title: p.title,
        url: p.url,
        publishedAt: p.publishedAt,
        isRepost: p.isRepost,
        sourceUrl: p.sourceUrl ?? null,
        sourceName: p.sourceName ?? null,
        origin,
        createdAt: now,
      }));
      await this.posts.insertIgnoring(tx, values);
    }
    await this.bus.emitRequired(new PostsStoringEvent(tx, accountId, fresh.length, latestOf(fresh)));
  }

  /** [platforms] The latest post of each of the given accounts (accounts without posts are absent). */
  latestPostTimes(accountIds: number[]): Promise<Map<number, Date>> {
    return this.posts.latestPostTimes(accountIds);
  }

  async list(query: ListPostsQuery, actor: Actor): Promise<Page<PostView>> {
    const unitId = UnitScope.effectiveUnitFilter(actor, query.unitId);
    const filter = {
      accountIds: unitId !== undefined ? await this.accountRows.idsInUnit(unitId) : undefined,
      accountId: query.accountId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      isRepost: query.isRepost,
    };
    return this.posts.list(filter, query, present);
  }

  async stats(query: PostStatsQuery, actor: Actor): Promise<PostStatsView> {
    const quarter = query.quarter === undefined ? quarterOf(new Date(), this.config.appTimezone) : parseQuarter(query.quarter);
    if (!quarter) throw fieldError('quarter', `季度格式应为 YYYYQn，例如 2023Q3，收到“${String(query.quarter).slice(0, 20)}”`);
    const { from, to } = quarterBounds(quarter, this.config.appTimezone);
    const groupBy = query.groupBy ?? 'unit';
    const unitId = UnitScope.effectiveUnitFilter(actor, query.unitId);
    const rows = await this.reporting.postStats(from, to, groupBy, unitId);
    const items = rows.map((r) => ({
      id: groupBy === 'platform' ? String(r.id) : Number(r.id),
      name: groupBy === 'platform' ? platformRegistry.nameOf(String(r.id)) : String(r.name),
      posts: Number(r.posts) || 0,
      reposts: Number(r.reposts) || 0,
    }));
    const totals = items.reduce((t, i) => ({ posts: t.posts + i.posts, reposts: t.reposts + i.reposts }), { posts: 0, reposts: 0 });
    return { quarter: formatQuarter(quarter), groupBy, from: from.toISOString(), to: to.toISOString(), totals, items };
  }

  /** CSV/XLSX import for one account: all rows or none; duplicates are skipped. */
  async import(accountId: number, file: { buffer: Buffer } | undefined, actor: Actor): Promise<PostImportResultView> {
    await this.accounts.get(accountId, actor);
    if (!file?.buffer) throw importError('请在表单字段 file 中上传 .xlsx 或 .csv 文件', []);
    let rows;
    try {
      rows = await readSpreadsheet(file.buffer, this.config.importLimits);
    } catch (error) {
      if (error instanceof SpreadsheetError) throw importError(error.message, []);
      throw error;
    }
    const { posts, errors } = interpretPostRows(rows, this.config.appTimezone);
    if (errors.length) {
      throw importError(
        `有 ${errors.length} 行需要修改，未导入任何数据：${errors
          .slice(0, 3)
          .map((e) => `第 ${e.row} 行：${e.message}`)
          .join('；')}${errors.length > 3 ? '……' : ''}`,
        errors,
      );
    }
    if (!posts.length) throw importError('文件中没有可导入的数据行', []);
    const result = await this.transactions.run(async (tx) => {
      const { inserted, skipped, corrected } = await this.saveNew(accountId, manual.kind, posts, tx);
      await this.audit.record(tx, {
        subjectType: 'account',
        subjectId: accountId,
        action: 'posts_import',
        actor,
        reason: `导入发布记录 ${inserted} 条，更正 ${corrected} 条，跳过重复 ${skipped} 条`,
      });
      return { imported: inserted, corrected, skipped };
    });
    await this.emitStored(accountId, result.imported, posts);
    await this.emitCorrected(accountId, result.corrected);
    return { imported: result.imported, skipped: result.skipped };
  }

  /** Ids of posts of these accounts (tests, reports). */
  countFor(accountIds: number[]): Promise<number> {
    return this.posts.countOf(accountIds);
  }
}

function present(post: Post): PostView {
  return {
    id: post.id,
    accountId: post.accountId,
    platformPostId: post.platformPostId,
    // Personal numbers are served masked, as findings show them (common/personal-numbers.ts).
    title: maskPersonalNumbers(post.title),
    url: post.url,
    publishedAt: post.publishedAt,
    isRepost: !!post.isRepost,
    sourceUrl: post.sourceUrl,
    sourceName: post.sourceName,
    origin: post.origin,
    body: post.body ? maskPersonalNumbers(post.body) : null,
    bodyTruncated: !!post.bodyTruncated,
  };
}

/** body, bodyTruncated, contentHash as stored. */
function bodyColumns(post: NormalisedPost): Pick<Post, 'body' | 'bodyTruncated' | 'contentHash'> {
  const { body, truncated, contentHash } = storedBody(post.title, post.body);
  return { body, bodyTruncated: truncated, contentHash };
}

function importError(message: string, errors: { row: number; message: string }[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, errors });
}

function latestOf(posts: { publishedAt: Date }[]): Date {
  return new Date(Math.max(...posts.map((p) => p.publishedAt.getTime())));
}
