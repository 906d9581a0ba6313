import type { ColumnTarget } from '../columns/columns.service';
import type { CheckResult } from './engine/types';
import { PendingResult, ResultWriter } from './result-writer';

const result = (id: number): PendingResult => ({
  target: { column: { id } } as ColumnTarget,
  result: { health: 'ok' } as CheckResult,
  confirmation: false,
  from: 'waiting',
  to: 'ok',
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ResultWriter', () => {
  it('writes the results that arrive close together in one transaction, not one per link', async () => {
    const groups: number[][] = [];
    const writer = new ResultWriter(async (group) => void groups.push(group.map((p) => p.target.column.id)), 40);
    for (let id = 1; id <= 5; id++) writer.add(result(id));
    expect(groups).toEqual([]); // waiting for more to share the transaction
    await pause(80);
    expect(groups).toEqual([[1, 2, 3, 4, 5]]);
    writer.add(result(6));
    await writer.close(); // what is pending is written on close, without waiting out the window
    expect(groups).toEqual([[1, 2, 3, 4, 5], [6]]);
  });

  it('writes a full group at once, and what arrives during a write goes into the next one', async () => {
    const groups: number[] = [];
    let release!: () => void;
    const writer = new ResultWriter(async (group) => {
      groups.push(group.length);
      if (groups.length === 1) await new Promise<void>((resolve) => (release = resolve));
    }, 10_000);
    for (let id = 1; id <= 200; id++) writer.add(result(id));
    expect(groups).toEqual([200]);
    for (let id = 201; id <= 230; id++) writer.add(result(id));
    release();
    await writer.close();
    expect(groups).toEqual([200, 30]);
  });

  it('stops after a failed write: nothing more is written and close throws it', async () => {
    let calls = 0;
    const writer = new ResultWriter(async () => {
      calls++;
      throw new Error('database away');
    }, 5);
    writer.add(result(1));
    await pause(30);
    expect(writer.failed).toBe(true);
    writer.add(result(2));
    await expect(writer.close()).rejects.toThrow('database away');
    expect(calls).toBe(1);
  });
});
