import type { JobQueue } from '../../src/queue/job-queue';

/**
 * The job-level behaviour every JobQueue driver must have: run by src/queue/local-job-queue.spec.ts
 * (in-process) and src/queue/bullmq-job-queue.spec.ts (BullMQ on Redis). `make` returns a fresh
 * queue that has not started; `available` says whether the driver can run here (decided at run
 * time: a missing Redis is a failure under CI=true, see the BullMQ spec).
 */
export function jobQueueContract(label: string, make: (onError?: (name: string, error: unknown) => void) => JobQueue, available: () => boolean): void {
  describe(`JobQueue contract: ${label}`, () => {
    const opened: JobQueue[] = [];
    const fresh = (onError?: (name: string, error: unknown) => void) => {
      const queue = make(onError);
      opened.push(queue);
      return queue;
    };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((q) => q.close()));
    });

    it('runs jobs with the given concurrency and drains', async () => {
      if (!available()) return;
      const queue = fresh();
      let running = 0;
      let peak = 0;
      const done: number[] = [];
      queue.process<number>(
        'work',
        async (n) => {
          running++;
          peak = Math.max(peak, running);
          await sleep(40);
          done.push(n);
          running--;
        },
        3,
      );
      queue.start();
      for (let i = 0; i < 10; i++) await queue.enqueue('work', i);
      await queue.drain();
      expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(peak).toBeLessThanOrEqual(3);
      expect(peak).toBeGreaterThan(1);
    });

    it('does not enqueue the same job id twice while it is pending, and again once it ran', async () => {
      if (!available()) return;
      const queue = fresh();
      const seen: string[] = [];
      for (const id of ['a', 'a', 'b']) await queue.enqueue('poll', id, { jobId: id });
      queue.process<string>('poll', async (id) => {
        seen.push(id);
      });
      queue.start();
      await queue.drain();
      expect(seen).toEqual(['a', 'b']);
      await queue.enqueue('poll', 'a', { jobId: 'a' });
      await queue.drain();
      expect(seen).toEqual(['a', 'b', 'a']);
    });

    it('keeps one job behind a running one with the same id when asked (queueBehindRunning), never beside it', async () => {
      if (!available()) return;
      const queue = fresh();
      const log: string[] = [];
      let running = 0;
      let peak = 0;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let firstStarted!: () => void;
      const started = new Promise<void>((resolve) => (firstStarted = resolve));
      queue.process<string>(
        'poll',
        async (tag) => {
          running++;
          peak = Math.max(peak, running);
          log.push(`start ${tag}`);
          if (tag === 'first') {
            firstStarted();
            await gate;
          }
          log.push(`end ${tag}`);
          running--;
        },
        4,
      );
      queue.start();
      await queue.enqueue('poll', 'first', { jobId: 'x', queueBehindRunning: true });
      await started;
      // Without the option a job is dropped while its id runs; with it, the latest one waits.
      await queue.enqueue('poll', 'dropped', { jobId: 'x' });
      await queue.enqueue('poll', 'second', { jobId: 'x', queueBehindRunning: true });
      await queue.enqueue('poll', 'third', { jobId: 'x', queueBehindRunning: true });
      await sleep(150);
      expect(log).toEqual(['start first']);
      release();
      await queue.drain();
      expect(log).toEqual(['start first', 'end first', 'start third', 'end third']);
      expect(peak).toBe(1);
      // Once nothing runs, the id is free again.
      await queue.enqueue('poll', 'fourth', { jobId: 'x', queueBehindRunning: true });
      await queue.drain();
      expect(log.slice(4)).toEqual(['start fourth', 'end fourth']);
    });

    it('retries a failing job with backoff, then reports it once and counts it failed', async () => {
      if (!available()) return;
      const errors: unknown[] = [];
      const queue = fresh((_name, error) => errors.push(error));
      let calls = 0;
      queue.process('flaky', async () => {
        calls++;
        throw new Error('boom');
      });
      queue.start();
      await queue.enqueue('flaky', null, { retries: 1 });
      await queue.drain();
      await sleep(50);
      expect(calls).toBe(2);
      expect(errors).toHaveLength(1);
      expect((await queue.stats()).flaky).toEqual({ waiting: 0, active: 0, failed: 1 });
    });

    it('starts a delayed job no earlier than asked', async () => {
      if (!available()) return;
      const queue = fresh();
      const started = Date.now();
      let ranAfter = -1;
      queue.process('later', async () => {
        ranAfter = Date.now() - started;
      });
      queue.start();
      await queue.enqueue('later', {}, { delayMs: 400 });
      await queue.drain();
      expect(ranAfter).toBeGreaterThanOrEqual(380);
    });

    it('fires a repeatable job on its period until it is removed', async () => {
      if (!available()) return;
      const queue = fresh();
      let ticks = 0;
      queue.process('tick', async () => {
        ticks++;
      });
      queue.start();
      await queue.repeat('tick', { everyMs: 300 });
      await sleep(1100);
      expect(ticks).toBeGreaterThanOrEqual(2);
      expect(ticks).toBeLessThanOrEqual(5);
      await queue.unrepeat('tick');
      await sleep(100);
      const after = ticks;
      await sleep(700);
      expect(ticks).toBe(after);
    });

    it('accepts a six-field cron (seconds first) in a time zone', async () => {
      if (!available()) return;
      const queue = fresh();
      let ticks = 0;
      queue.process('every-second', async () => {
        ticks++;
      });
      queue.start();
      await queue.repeat('every-second', { cron: '* * * * * *', tz: 'Asia/Shanghai' });
      await sleep(3200);
      await queue.unrepeat('every-second');
      expect(ticks).toBeGreaterThanOrEqual(2);
      expect(ticks).toBeLessThanOrEqual(5);
    });

    it('answers ping and reports counts per job name', async () => {
      if (!available()) return;
      const queue = fresh();
      expect(await queue.ping()).toBe(true);
      await queue.enqueue('counted', {});
      expect((await queue.stats()).counted).toEqual({ waiting: 1, active: 0, failed: 0 });
      queue.process('counted', async () => undefined);
      queue.start();
      await queue.drain();
      expect((await queue.stats()).counted).toEqual({ waiting: 0, active: 0, failed: 0 });
    });
  });
}
