import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../src/index.js';

/**
 * A bad internet link as a TCP proxy on loopback, between a store's leaf node and one hub node: every chunk is
 * delayed (in order), and on command the link drops every connection (a router reboot) or stalls - holds all
 * data without closing anything (a dead line: only the leaf's pings notice it). TLS passes through untouched.
 */
export class LossyLink {
  port = 0;
  delayMs: [number, number] = [20, 150];
  private server: Server | null = null;
  private stalledUntil = 0;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  drops = 0;
  stalls = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<this> {
    this.port = await freePort();
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    return this;
  }

  /** Closes every connection through the link, as when a router reboots. */
  dropAll(): void {
    this.drops += 1;
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  /** Holds every byte in both directions for `ms`, connections open. */
  stall(ms: number): void {
    this.stalls += 1;
    this.stalledUntil = Date.now() + ms;
  }

  /** Back to a good line: no delay, no stall (connections already open stay). */
  heal(): void {
    this.delayMs = [0, 0];
    this.stalledUntil = 0;
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private accept(client: Socket): void {
    const upstream = createConnection(this.target);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) s.on('error', end);
    this.pipe(client, upstream, end);
    this.pipe(upstream, client, end);
  }

  /**
   * Forwards `from` to `to` chunk by chunk, each after the link's delay and any stall, keeping the order; a close
   * travels the same way, after the data sent before it (a server's last words arrive before its hang-up).
   */
  private pipe(from: Socket, to: Socket, end: () => void): void {
    let chain = Promise.resolve();
    const later = (step: () => void) => {
      chain = chain.then(async () => {
        const [min, max] = this.delayMs;
        if (max > 0) await sleep(min + Math.random() * (max - min));
        while (Date.now() < this.stalledUntil && !to.destroyed) await sleep(50);
        if (!to.destroyed) step();
      });
    };
    from.on('data', (chunk: Buffer) => later(() => to.write(chunk)));
    from.on('close', () => later(end));
  }
}
