import { flushRedis } from '../../test/e2e/support/processes';
import { jobQueueContract } from '../../test/queue/job-queue.contract';
import { BullMqJobQueue } from './bullmq-job-queue';

/**
 * The BullMQ driver against the machine's Redis, on a dedicated db index that is flushed
 * before and after. Under CI=true a Redis that does not answer fails the suite; elsewhere
 * the tests return early with a message (decided at run time).
 */
const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/13';
let redisUp = false;
let serial = 0;
const prefix = () => `spec-${process.pid}-${++serial}`;

const flush = () => flushRedis(REDIS_URL);

beforeAll(async () => {
  redisUp = await flush();
  if (!redisUp) {
    if (process.env.CI === 'true') throw new Error(`CI=true but Redis does not answer at ${REDIS_URL}: the BullMQ driver cannot be tested (see .ci/run)`);
    console.warn(`Redis does not answer at ${REDIS_URL}: BullMQ driver tests do nothing on this machine`);
  }
});

afterAll(async () => {
  if (redisUp) await flush();
});

const make = (onError?: (name: string, error: unknown) => void, overrides: Partial<ConstructorParameters<typeof BullMqJobQueue>[0]> = {}) =>
  new BullMqJobQueue({ url: REDIS_URL, prefix: prefix(), runJobs: true, lockMs: 1000, stalledIntervalMs: 1000, onError, ...overrides });

jobQueueContract(
  'BullMQ',
  (onError) => make(onError),
  () => redisUp,
);

describe('BullMqJobQueue across processes', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('runs a schedule once per tick however many replicas register it', async () => {
    if (!redisUp) return;
    const shared = prefix();
    const replicas = [0, 1, 2].map(() => make(undefined, { prefix: shared }));
    let ticks = 0;
    try {
      for (const replica of replicas) {
        replica.process('sweep', async () => {
          ticks++;
        });
        replica.start();
        await replica.repeat('sweep', { everyMs: 500 });
      }
      await sleep(2100);
      // One scheduler: about four ticks in two seconds, not twelve.
      expect(ticks).toBeGreaterThanOrEqual(2);
      expect(ticks).toBeLessThanOrEqual(5);
    } finally {
      await replicas[0].unrepeat('sweep');
      await Promise.all(replicas.map((r) => r.close()));
    }
  });

  it('enqueue-only processes (RUN_JOBS=false) never run jobs; a worker does', async () => {
    if (!redisUp) return;
    const shared = prefix();
    const api = make(undefined, { prefix: shared, runJobs: false });
    const worker = make(undefined, { prefix: shared });
    const ranBy: string[] = [];
    try {
      api.process('job', async () => {
        ranBy.push('api');
      });
      worker.process('job', async () => {
        ranBy.push('worker');
      });
      api.start();
      await api.enqueue('job', {});
      await sleep(300);
      expect(ranBy).toEqual([]);
      worker.start();
      await worker.drain();
      expect(ranBy).toEqual(['worker']);
    } finally {
      await api.close();
      await worker.close();
    }
  });
  // A worker killed mid-job (kill -9) is exercised with real processes in test/e2e/cluster.e2e-spec.ts.
});
