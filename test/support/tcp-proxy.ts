/**
 * A small TCP proxy the fault tests put between the application and what it talks to
 * (MariaDB, Redis, the platform simulator, the link fixture site), and switch at will:
 *
 * - `restore()`: pass bytes through both ways (the initial mode);
 * - `cut()`: reset every open connection and reset new ones as soon as they arrive
 *   (the peer went away: ECONNRESET / PROTOCOL_CONNECTION_LOST on the application's side);
 * - `blackhole()`: new connections are accepted but never forwarded nor answered (a
 *   timeout on the application's side); open connections are frozen (nothing is read
 *   either way, as in a network partition: TCP keeps the bytes and delivers them once
 *   `restore()` resumes the connection);
 * - `truncate(n)`: answers are cut short: after `n` more bytes from the target a
 *   connection is closed (a truncated body, whatever the length the headers announced).
 *
 * Counts connections and bytes per connection. Plain node:net, listens on 127.0.0.1 only.
 */
import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'cut' | 'blackhole' | 'truncate';

export interface ProxyConnection {
  id: number;
  /** The mode the connection met when it arrived. */
  arrivedIn: ProxyMode;
  /** Bytes client → target and target → client. */
  bytesUp: number;
  bytesDown: number;
  closed: boolean;
}

interface Live {
  info: ProxyConnection;
  client: Socket;
  upstream?: Socket;
  /** Bytes from the target still forwarded before the connection is closed (truncate mode). */
  downBudget: number | null;
  /** Cut short: the target's side is gone, the client's is closing after the bytes sent. */
  truncated?: boolean;
}

export class TcpProxy {
  private server?: Server;
  private readonly live = new Set<Live>();
  private nextId = 0;
  private truncateAfter = 0;
  /** Every connection seen since the start (or the last `resetCounters()`). */
  connections: ProxyConnection[] = [];
  mode: ProxyMode = 'pass';
  port = 0;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  async start(port = 0): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  /** `http://127.0.0.1:<port>` (for HTTP targets). */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Connections now open (through the proxy or held by it). */
  get open(): number {
    return this.live.size;
  }

  /** Counts of the connections seen, by the mode they met. */
  count(mode?: ProxyMode): number {
    return mode ? this.connections.filter((c) => c.arrivedIn === mode).length : this.connections.length;
  }

  resetCounters(): void {
    this.connections = [];
  }

  /** The target went away: every connection is reset, new ones are reset on arrival. */
  cut(): void {
    this.mode = 'cut';
    for (const conn of [...this.live]) this.kill(conn);
  }

  /** Nothing answers: new connections hang, open ones freeze until `restore()`. */
  blackhole(): void {
    this.mode = 'blackhole';
    for (const conn of this.live) {
      conn.client.pause();
      conn.upstream?.pause();
    }
  }

  /** Answers are cut short: each connection is closed after `bytes` more bytes from the target. */
  truncate(bytes: number): void {
    this.mode = 'truncate';
    this.truncateAfter = bytes;
    for (const conn of this.live) conn.downBudget = bytes;
  }

  /** Back to passing bytes: frozen connections resume; connections held by a blackhole are reset. */
  restore(): void {
    this.mode = 'pass';
    for (const conn of [...this.live]) {
      conn.downBudget = null;
      if (!conn.upstream) this.kill(conn);
      else {
        conn.client.resume();
        conn.upstream.resume();
      }
    }
  }

  async close(): Promise<void> {
    for (const conn of [...this.live]) this.kill(conn);
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private accept(client: Socket): void {
    const info: ProxyConnection = { id: ++this.nextId, arrivedIn: this.mode, bytesUp: 0, bytesDown: 0, closed: false };
    this.connections.push(info);
    const conn: Live = { info, client, downBudget: this.mode === 'truncate' ? this.truncateAfter : null };
    client.on('error', () => undefined);
    if (this.mode === 'cut') {
      info.closed = true;
      client.resetAndDestroy();
      return;
    }
    this.live.add(conn);
    client.on('close', () => this.kill(conn));
    if (this.mode === 'blackhole') {
      // Accepted, never forwarded: whatever the client sends is read and dropped.
      client.on('data', () => undefined);
      return;
    }
    const upstream = new Socket();
    conn.upstream = upstream;
    upstream.on('error', () => undefined);
    upstream.on('close', () => !conn.truncated && this.kill(conn));
    upstream.connect(this.targetPort, this.targetHost);
    client.on('data', (chunk: Buffer) => {
      info.bytesUp += chunk.length;
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => this.mode !== 'blackhole' && client.resume());
    upstream.on('data', (chunk: Buffer) => {
      if (conn.downBudget !== null) {
        const part = chunk.subarray(0, conn.downBudget);
        conn.downBudget -= part.length;
        info.bytesDown += part.length;
        if (part.length) client.write(part);
        if (conn.downBudget <= 0 && !conn.truncated) {
          // The bytes written so far leave, then the connection ends early (FIN).
          conn.truncated = true;
          upstream.destroy();
          client.end();
        }
        return;
      }
      info.bytesDown += chunk.length;
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => this.mode !== 'blackhole' && upstream.resume());
  }

  private kill(conn: Live): void {
    if (!this.live.delete(conn)) return;
    conn.info.closed = true;
    if (!conn.client.destroyed) conn.client.resetAndDestroy();
    if (conn.upstream && !conn.upstream.destroyed) conn.upstream.resetAndDestroy();
  }
}
