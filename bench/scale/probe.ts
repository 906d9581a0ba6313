/**
 * Loaded with `node -r` into every process bench/scale starts (workers and the in-process
 * runner): measures, for the timed window only, the process's CPU time, its event-loop
 * utilisation and its database time — the wall time of every TypeORM MySQL query from the call to
 * the result, pool waits included, summed (so several queries at once add up). The bench asks
 * over IPC: `{ bench: 'mark' }` starts the window, `{ bench: 'stats' }` answers with the deltas.
 */
import { performance, EventLoopUtilization } from 'node:perf_hooks';
import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';

export interface ProbeStats {
  pid: number;
  cpuMs: number;
  /** Share of the window the event loop was busy (1 = this process was CPU-bound). */
  elu: number;
  dbMs: number;
  queries: number;
  maxRssMb: number;
}

let dbMs = 0;
let queries = 0;

/** Wraps the MySQL query runner of the typeorm this process loads (the same module instance the application uses). */
export function instrumentDatabase(): void {
  const prototype = MysqlQueryRunner.prototype as unknown as { query: (...args: unknown[]) => Promise<unknown> };
  const original = prototype.query;
  prototype.query = async function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      dbMs += performance.now() - started;
      queries++;
    }
  };
}

let mark = { cpu: process.cpuUsage(), elu: performance.eventLoopUtilization(), dbMs: 0, queries: 0 };

export function markWindow(): void {
  mark = { cpu: process.cpuUsage(), elu: performance.eventLoopUtilization(), dbMs, queries };
}

export function windowStats(): ProbeStats {
  const cpu = process.cpuUsage(mark.cpu);
  const elu: EventLoopUtilization = performance.eventLoopUtilization(mark.elu);
  return {
    pid: process.pid,
    cpuMs: (cpu.user + cpu.system) / 1000,
    elu: elu.utilization,
    dbMs: dbMs - mark.dbMs,
    queries: queries - mark.queries,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

instrumentDatabase();
if (process.send) {
  process.on('message', (message: { bench?: string }) => {
    if (message?.bench === 'mark') {
      markWindow();
      process.send!({ bench: 'marked' });
    } else if (message?.bench === 'stats') {
      process.send!({ bench: 'stats', stats: windowStats() });
    }
  });
  // The IPC channel must not keep a worker alive once it is told to stop.
  process.channel?.unref();
}
