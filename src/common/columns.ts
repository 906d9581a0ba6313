import { BeforeInsert, BeforeUpdate, Column, ColumnOptions } from 'typeorm';

/**
 * Column helpers that behave the same on SQLite and MySQL (architecture.md, Conventions):
 * times are `datetime(3)` in UTC, enums are varchar validated in code.
 */
export function DateTimeColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'datetime', precision: 3, nullable: true, ...options });
}

export function VarcharColumn(length: number, options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'varchar', length, ...options });
}

/**
 * createdAt/updatedAt stamped by the application, not by database defaults, so both
 * dialects store the same UTC millisecond value whatever the server's time zone.
 * Code that updates through a query builder must set updatedAt itself.
 */
export abstract class Timestamped {
  @DateTimeColumn({ name: 'created_at', nullable: false })
  createdAt: Date;

  @DateTimeColumn({ name: 'updated_at', nullable: false })
  updatedAt: Date;

  @BeforeInsert()
  protected stampCreated(): void {
    const now = new Date();
    this.createdAt ??= now;
    this.updatedAt ??= now;
  }

  @BeforeUpdate()
  protected stampUpdated(): void {
    this.updatedAt = new Date();
  }
}
