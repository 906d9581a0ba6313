import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DataSource, EntityManager } from 'typeorm';
import { EventBus } from '../../common/events/event-bus';
import type { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transactions';
import type { JobQueue } from '../../queue/job-queue';
import type { AccountsRepository } from '../accounts/accounts.repository';
import type { AccountsService } from '../accounts/accounts.service';
import type { AlertsService } from '../alerts/alerts.service';
import type { AuditService } from '../audit/audit.service';
import type { NormalisedPost } from '../source-kinds/post-source';
import type { ReportingRepository } from '../reporting/reporting.repository';
import { REPOST_MATCH_JOB, RepostMatchingService } from '../repost-tasks/repost-matching.service';
import { RepostMatchPendingRepository } from '../repost-tasks/repost-tasks.repository';
import type { RepostConfirmationsRepository, RepostResultsRepository, RepostTasksRepository } from '../repost-tasks/repost-tasks.repository';
import type { UnitsService } from '../units/units.service';
import { PostsStoredEvent, PostsStoringEvent } from './posts.events';
import { PostsRepository } from './posts.repository';
import { PostsService } from './posts.service';

/** A query builder whose every call chains, answering `getRawMany` with no rows and `execute` with nothing. */
function chain(calls: string[]): unknown {
  const builder: unknown = new Proxy(
    {},
    {
      get: (_target, method: string) => () => {
        calls.push(method);
        if (method === 'getRawMany') return Promise.resolve([]);
        if (method === 'execute') return Promise.resolve({});
        return builder;
      },
    },
  );
  return builder;
}

function post(id: string, publishedAt: string): NormalisedPost {
  return { platformPostId: id, title: `标题 ${id}`, url: null, publishedAt: new Date(publishedAt), isRepost: false };
}

/**
 * The posts module emits; repost-task matching listens (through the bus, with mocked database
 * and queue): the account is marked pending inside the storing transaction, the match job is
 * asked for after commit.
 */
describe('posts stored → repost-task matching, through the event bus', () => {
  let bus: EventBus;
  let calls: string[];
  let txManager: { query: jest.Mock; getRepository: jest.Mock; connection: unknown };
  let committed: boolean;
  let queue: { process: jest.Mock; enqueue: jest.Mock };
  let posts: PostsService;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    bus = new EventBus(new EventEmitter2());
    calls = [];
    committed = false;
    const table = () => ({ createQueryBuilder: () => chain(calls) });
    txManager = { query: jest.fn().mockResolvedValue(undefined), getRepository: jest.fn(table), connection: { options: { type: 'better-sqlite3' } } };
    const dataSource = {
      options: { type: 'better-sqlite3' },
      manager: { getRepository: table },
      transaction: async (work: (manager: EntityManager) => Promise<unknown>) => {
        const result = await work(txManager as unknown as EntityManager);
        committed = true;
        return result;
      },
    } as unknown as DataSource;
    queue = { process: jest.fn(), enqueue: jest.fn().mockResolvedValue(undefined) };
    const config = { runJobs: false } as AppConfig;
    const postRows = new PostsRepository(dataSource);
    const transactions = new TransactionRunner(dataSource);
    posts = new PostsService(postRows, {} as AccountsRepository, {} as ReportingRepository, transactions, config, {} as AccountsService, {} as AuditService, bus);
    new RepostMatchingService(
      {} as RepostTasksRepository,
      {} as RepostResultsRepository,
      {} as RepostConfirmationsRepository,
      new RepostMatchPendingRepository(dataSource),
      {} as AccountsRepository,
      postRows,
      {} as UnitsService,
      transactions,
      config,
      queue as unknown as JobQueue,
      {} as AlertsService,
      bus,
    ).onModuleInit();
  });
  afterEach(() => jest.restoreAllMocks());

  it('marks the account pending in the storing transaction, then asks for the match job after commit', async () => {
    queue.enqueue.mockImplementation(() => {
      expect(committed).toBe(true);
      return Promise.resolve();
    });
    const result = await posts.saveNew(7, 'feed', [post('a', '2024-03-01T08:00:00Z'), post('b', '2024-03-02T08:00:00Z'), post('a', '2024-03-01T08:00:00Z')]);
    expect(result).toEqual({ inserted: 2, skipped: 1, corrected: 0 });
    expect(calls).toContain('orIgnore');
    expect(txManager.query).toHaveBeenCalledTimes(1);
    const [sql, parameters] = txManager.query.mock.calls[0];
    expect(sql).toMatch(/INSERT INTO "repost_match_pending".*ON CONFLICT/);
    expect(parameters).toEqual([7, new Date('2024-03-02T08:00:00Z').getTime()]);
    expect(queue.enqueue).toHaveBeenCalledWith(REPOST_MATCH_JOB, {}, expect.objectContaining({ jobId: 'dirty-accounts' }));
  });

  it('a failing in-transaction listener fails the store, and nothing is told after', async () => {
    txManager.query.mockRejectedValue(new Error('database is locked'));
    const stored = jest.fn();
    bus.on(PostsStoredEvent, stored);
    await expect(posts.saveNew(7, 'feed', [post('a', '2024-03-01T08:00:00Z')])).rejects.toThrow('database is locked');
    expect(committed).toBe(false);
    expect(stored).not.toHaveBeenCalled();
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('a failing after-commit listener does not fail the store', async () => {
    bus.on(PostsStoredEvent, () => Promise.reject(new Error('listener down')));
    const heard: PostsStoringEvent[] = [];
    bus.on(PostsStoringEvent, (event) => void heard.push(event));
    await expect(posts.saveNew(7, 'feed', [post('a', '2024-03-01T08:00:00Z')])).resolves.toEqual({ inserted: 1, skipped: 0, corrected: 0 });
    expect(heard[0]).toMatchObject({ accountId: 7, inserted: 1 });
    expect(heard[0].tx.manager).toBe(txManager);
    expect(queue.enqueue).toHaveBeenCalledTimes(1);
  });

  it('nothing new stored: no event at all', async () => {
    const told = jest.fn();
    bus.on(PostsStoredEvent, told);
    bus.on(PostsStoringEvent, told);
    await expect(posts.saveNew(7, 'feed', [])).resolves.toEqual({ inserted: 0, skipped: 0, corrected: 0 });
    expect(told).not.toHaveBeenCalled();
  });
});
