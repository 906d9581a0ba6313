import { LocalJobQueue } from './local-job-queue';

describe('LocalJobQueue', () => {
  it('runs jobs with the given concurrency and drains', async () => {
    const queue = new LocalJobQueue();
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    queue.process<number>('work', async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      done.push(n);
      running--;
    }, 3);
    for (let i = 0; i < 10; i++) await queue.enqueue('work', i);
    await queue.drain();
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });

  it('does not enqueue the same job id twice while it is pending', async () => {
    const queue = new LocalJobQueue();
    const seen: string[] = [];
    for (const id of ['a', 'a', 'b']) await queue.enqueue('poll', id, { jobId: id });
    queue.process<string>('poll', async (id) => {
      seen.push(id);
    });
    await queue.drain();
    expect(seen).toEqual(['a', 'b']);
    await queue.enqueue('poll', 'a', { jobId: 'a' });
    await queue.drain();
    expect(seen).toEqual(['a', 'b', 'a']);
  });

  it('retries a failing job, then reports it', async () => {
    const errors: unknown[] = [];
    const queue = new LocalJobQueue((_name, error) => errors.push(error));
    let calls = 0;
    queue.process('flaky', async () => {
      calls++;
      throw new Error('boom');
    });
    await queue.enqueue('flaky', null, { retries: 1 });
    await queue.drain();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    expect((await queue.stats()).flaky).toEqual({ waiting: 0, active: 0, failed: 1 });
  });
});
