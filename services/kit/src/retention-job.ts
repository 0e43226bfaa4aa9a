import client from 'prom-client';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What one batch did: rows deleted, and whether the step has more to look at. */
export interface BatchResult {
  pruned: number;
  done: boolean;
}

/** One kind of row a service prunes, a batch of at most `batchSize` rows at a time. */
export interface PruneStep {
  table: string;
  batch: (batchSize: number) => Promise<BatchResult>;
}

/** For a step that deletes the first rows its rule finds: a short batch means there is nothing more. */
export function untilShort(pruned: number, batchSize: number): BatchResult {
  return { pruned, done: pruned < batchSize };
}

/**
 * Runs the service's retention at start and then daily: each step in small batches (one short transaction
 * each, so orders keep flowing), until the step says it is done. Counts what it pruned per table.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private running: Promise<Record<string, number>> | null = null;
  private stopped = false;
  private readonly pruned: client.Counter<'table'>;

  /** `retryMs`: a failed pass (the order service not up yet, Postgres busy) is tried again this soon, not a day later. */
  constructor(private readonly options: { steps: () => PruneStep[]; logger: Logger; metrics: Metrics; batchSize?: number; everyMs?: number; retryMs?: number }) {
    this.pruned = new client.Counter({ name: 'retention_pruned_rows_total', help: 'Rows deleted by retention (old and confirmed by central)', labelNames: ['table'], registers: [options.metrics.registry] });
  }

  start(): this {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.options.everyMs ?? DAY_MS);
    this.timer.unref();
    return this;
  }

  /** One full pass (a pass already under way is joined, not doubled); returns rows pruned per table. */
  runOnce(): Promise<Record<string, number>> {
    this.running ??= this.pass().finally(() => { this.running = null; });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<Record<string, number>> {
    const batchSize = this.options.batchSize ?? 500;
    const totals: Record<string, number> = {};
    try {
      for (const step of this.options.steps()) {
        totals[step.table] = 0;
        let total = 0;
        for (;;) {
          if (this.stopped) return totals;
          const { pruned, done } = await step.batch(batchSize);
          total += pruned;
          totals[step.table] = total;
          this.pruned.inc({ table: step.table }, pruned);
          if (done) break;
        }
      }
      if (Object.values(totals).some((n) => n > 0)) this.options.logger.info('retention pruned rows', { pruned: totals });
    } catch (err) {
      this.options.logger.warn('retention pass failed; retrying later', { err: (err as Error).message, pruned: totals });
      if (!this.stopped && !this.retry) {
        this.retry = setTimeout(() => { this.retry = null; void this.runOnce(); }, this.options.retryMs ?? 5 * 60_000);
        this.retry.unref();
      }
    }
    return totals;
  }
}
