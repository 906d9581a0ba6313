import { jobQueueContract } from '../../test/queue/job-queue.contract';
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
});
