import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { serializeSqliteTransactions } from './sqlite-transactions';

@Entity('notes')
class Note {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 20 })
  text: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SQLite transactions on the shared connection', () => {
  let dir: string;
  let db: DataSource;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sqlite-tx-'));
    db = new DataSource({ type: 'better-sqlite3', database: path.join(dir, 'db.sqlite'), entities: [Note], synchronize: true });
    await db.initialize();
    serializeSqliteTransactions(db);
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const texts = async () => (await db.getRepository(Note).find({ order: { text: 'ASC' } })).map((n) => n.text);

  const failingTransaction = () =>
    db.transaction(async (manager) => {
      await manager.save(manager.create(Note, { text: 'rolled-back' }));
      await pause(30);
      throw new Error('refused');
    });

  it('does not roll back a concurrent transaction that succeeded', async () => {
    const results = await Promise.allSettled([
      failingTransaction(),
      (async () => {
        await pause(5);
        await db.transaction((manager) => manager.save(manager.create(Note, { text: 'kept' })));
      })(),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await texts()).toEqual(['kept']);
  });

  it('does not roll back a bare save made while a transaction was open', async () => {
    await Promise.allSettled([
      failingTransaction(),
      (async () => {
        await pause(5);
        await db.getRepository(Note).save({ text: 'bare' });
        await db.getRepository(Note).insert({ text: 'inserted' });
      })(),
    ]);
    expect(await texts()).toEqual(['bare', 'inserted']);
  });

  it('lets an explicit transaction wait for a bare save in progress, and nests inner transactions', async () => {
    await Promise.all([
      db.getRepository(Note).save([{ text: 'a' }, { text: 'b' }]),
      db.transaction(async (manager) => {
        await manager.save(manager.create(Note, { text: 'c' }));
        await manager.transaction((inner) => inner.save(inner.create(Note, { text: 'd' })));
      }),
    ]);
    expect(await texts()).toEqual(['a', 'b', 'c', 'd']);
  });
});
