import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long synchronous work (parsing a 20,000-row sheet, inserting its rows on SQLite) calls
 * `turn()` often; every few milliseconds it gives the event loop back, so health checks and
 * other requests are answered while an import runs. Cheap when no turn is due.
 */
export class Cooperative {
  private since = performance.now();

  constructor(private readonly sliceMs = 10) {}

  async turn(): Promise<void> {
    if (performance.now() - this.since < this.sliceMs) return;
    await nextTurn();
    this.since = performance.now();
  }
}
