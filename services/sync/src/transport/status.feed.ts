import type { Response } from 'express';
import type { StoreSyncStatusView } from '@kiosk/contracts/api';
import { errorFields, prom, type Logger, type Metrics } from '@kiosk/kit';
import { statusEvent } from '../domain/status-view.js';

/**
 * The live side of the status page: open Server-Sent Events streams, each pushed the same status view every
 * `everyMs`. The figures are gathered once per push for every open page (not once per page), and only while a
 * page is open. A comment line every `keepAliveMs` keeps idle proxies and NAT tables from dropping a stream
 * whose figures could not be gathered for a while.
 */
export class StatusFeed {
  private readonly streams = new Set<Response>();
  private readonly timers: NodeJS.Timeout[] = [];
  private pushing = false;
  private failures = 0;
  private readonly open: prom.Gauge;

  constructor(private readonly deps: {
    everyMs: number; keepAliveMs?: number; maxStreams?: number;
    view: () => Promise<StoreSyncStatusView>; logger: Logger; metrics: Metrics;
  }) {
    this.open = new prom.Gauge({ name: 'sync_status_streams', help: 'Status pages connected to the live status stream', registers: [deps.metrics.registry] });
  }

  start(): this {
    this.timers.push(setInterval(() => void this.pushAll(), this.deps.everyMs));
    this.timers.push(setInterval(() => this.writeAll(': keep-alive\n\n'), this.deps.keepAliveMs ?? 15_000));
    return this;
  }

  /** Open streams right now. */
  streamCount(): number {
    return this.streams.size;
  }

  /** Whether one more page may connect: a small box must not be tied up by a runaway reloading script. */
  hasRoom(): boolean {
    return this.streams.size < (this.deps.maxStreams ?? 32);
  }

  /** Turns the response into an event stream and sends the current figures at once (a page never waits a period). */
  async subscribe(res: Response): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // nginx buffers proxied answers unless told otherwise; the gateway's location says so too.
      'x-accel-buffering': 'no',
    });
    // `retry`: how long the browser's EventSource waits before reconnecting after the stream breaks.
    res.write(`retry: ${Math.max(1_000, this.deps.everyMs)}\n\n`);
    this.streams.add(res);
    this.open.set(this.streams.size);
    res.on('close', () => {
      this.streams.delete(res);
      this.open.set(this.streams.size);
    });
    const first = await this.gather();
    if (first && !res.writableEnded) res.write(statusEvent(first));
  }

  /** Ends every stream (shutdown: an open stream would otherwise hold the HTTP server open until the grace period). */
  close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const res of this.streams) res.end();
    this.streams.clear();
    this.open.set(0);
    return Promise.resolve();
  }

  private async pushAll(): Promise<void> {
    if (this.streams.size === 0 || this.pushing) return;
    this.pushing = true;
    try {
      const view = await this.gather();
      if (view) this.writeAll(statusEvent(view));
    } finally {
      this.pushing = false;
    }
  }

  private async gather(): Promise<StoreSyncStatusView | null> {
    try {
      const view = await this.deps.view();
      this.failures = 0;
      return view;
    } catch (err) {
      this.failures++;
      if (this.failures === 1 || this.failures % 100 === 0) this.deps.logger.warn('status figures not gathered', { failures: this.failures, ...errorFields(err) });
      return null;
    }
  }

  private writeAll(chunk: string): void {
    for (const res of this.streams) if (!res.writableEnded) res.write(chunk);
  }
}
