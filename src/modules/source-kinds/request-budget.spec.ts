import { MemoryWindowStore } from '../../common/window-store';
import { RequestBudget } from './http-client';

/** Starts `n` takes spread over the budgets (one per process) and counts those that have gone. */
function takeAll(budgets: RequestBudget[], n: number, key = 'weibo'): { gone: () => number; all: Promise<unknown> } {
  let gone = 0;
  const all = Promise.all(Array.from({ length: n }, (_, i) => budgets[i % budgets.length].take(key).then(() => gone++)));
  return { gone: () => gone, all };
}

describe('RequestBudget (platform requests per minute)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('lets a burst of a tenth of the minute go at once, then spreads the rest at the rate', async () => {
    const { gone, all } = takeAll([new RequestBudget({ default: 60 })], 8);
    await jest.advanceTimersByTimeAsync(10);
    expect(gone()).toBe(6);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(gone()).toBe(7);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(gone()).toBe(8);
    await all;
  });

  it('per process without a shared store: two workers send twice the budget', async () => {
    const { gone, all } = takeAll([new RequestBudget({ default: 60 }), new RequestBudget({ default: 60 })], 12);
    await jest.advanceTimersByTimeAsync(10);
    expect(gone()).toBe(12);
    await all;
  });

  it('with a shared store (Redis in queue mode), two workers together keep one budget, and the other platforms keep theirs', async () => {
    const store = new MemoryWindowStore();
    const workers = [new RequestBudget({ default: 60, wechat: 120 }, store), new RequestBudget({ default: 60, wechat: 120 }, store)];
    const weibo = takeAll(workers, 12);
    const wechat = takeAll(workers, 12, 'wechat');
    await jest.advanceTimersByTimeAsync(10);
    expect(weibo.gone()).toBe(6);
    expect(wechat.gone()).toBe(12);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(weibo.gone()).toBe(6);
    await jest.advanceTimersByTimeAsync(3_200);
    expect(weibo.gone()).toBe(12);
    await Promise.all([weibo.all, wechat.all]);
  });
});
