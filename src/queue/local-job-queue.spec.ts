import { jobQueueContract } from '../../test/queue/job-queue.contract';
import { SchedulerRegistry } from '@nestjs/schedule';
import { LocalJobQueue } from './local-job-queue';

// The in-process driver passes the same job-level tests as the BullMQ one.
jobQueueContract(
  'in-process',
  (onError) => new LocalJobQueue(onError),
  () => true,
);

describe('LocalJobQueue', () => {
  it('runs jobs as soon as a handler is registered (no start needed in-process)', async () => {
    const queue = new LocalJobQueue();
    const seen: number[] = [];
    queue.process<number>('now', async (n) => {
      seen.push(n);
    });
    await queue.enqueue('now', 1);
    await queue.drain();
    expect(seen).toEqual([1]);
    await queue.close();
  });

  it('closes cleanly when the schedule module has already cleared its timers (shutdown order)', async () => {
    const registry = new SchedulerRegistry();
    const errors: unknown[] = [];
    const queue = new LocalJobQueue((error) => errors.push(error), registry);
    await queue.repeat('every-minute', { everyMs: 60_000 });
    await queue.repeat('nightly', { cron: '0 2 * * *', tz: 'Asia/Shanghai' });
    expect(registry.getIntervals()).toEqual(['repeat:every-minute']);
    // What the schedule module does on shutdown, before the queue module closes.
    registry.getIntervals().forEach((name) => registry.deleteInterval(name));
    registry.getCronJobs().forEach((_job, name) => registry.deleteCronJob(name));
    await expect(queue.close()).resolves.toBeUndefined();
    expect(await queue.listSchedules()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
