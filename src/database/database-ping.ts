import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

const PING_TIMEOUT_MS = 3000;

type SqliteConnection = { open?: boolean; prepare(sql: string): { get(): unknown } };

/**
 * The health check's `SELECT 1`. On SQLite it goes straight to the one connection: a constant
 * read needs no turn at the transaction gate (sqlite-transactions.ts), so health answers at once
 * while a long import holds the gate. On MySQL it is an ordinary query, given up after 3 s.
 * Rejects when the database does not answer.
 */
@Injectable()
export class DatabasePing {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    if (this.dataSource.options.type === 'better-sqlite3') return this.pingSqlite();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`database did not answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private pingSqlite(): void {
    const connection = (this.dataSource.driver as unknown as { databaseConnection?: SqliteConnection }).databaseConnection;
    if (!this.dataSource.isInitialized || !connection || connection.open === false) throw new Error('the SQLite database is closed');
    connection.prepare('SELECT 1').get();
  }
}
