import type { PlaceOrderRequest } from '@kiosk/contracts/api';
import type { KioskDatabase, QueuedOrder } from './db';
import { backoffDelay, classifyOrderAnswer, dueEntries, nextWakeAt, type BackoffPolicy, defaultBackoff } from './retry-policy';

/** What one delivery attempt got back: the HTTP status (0 = no answer) and the error code if any. */
export interface DeliveryAnswer {
  status: number;
  code?: string;
}

export type Deliver = (request: PlaceOrderRequest) => Promise<DeliveryAnswer>;

export interface FlushReport {
  delivered: string[];
  failed: string[];
  stillPending: number;
  /** True when the last attempt found the server unreachable. */
  unreachable: boolean;
}

/**
 * The offline order queue. Each order is keyed by its kiosk-generated globalId, which is also the server's
 * idempotency key: delivering the same entry twice (a reload mid-request, two tabs) still makes one order.
 * An entry leaves the queue only when the server answered 2xx; a 4xx marks it failed for staff.
 */
export class OrderQueue {
  private flushing: Promise<FlushReport> | null = null;

  constructor(
    private readonly db: KioskDatabase,
    private readonly policy: BackoffPolicy = defaultBackoff,
  ) {}

  /**
   * Adds an order (a second add of the same globalId keeps the first). `failedAttempts` counts the live
   * attempts that already failed, so the first retry waits out the backoff instead of hitting a server
   * that has just not answered.
   */
  async enqueue(
    entry: Omit<QueuedOrder, 'attempts' | 'nextAttemptAt' | 'status'>,
    now = Date.now(),
    failedAttempts = 0,
    random = Math.random,
  ): Promise<QueuedOrder> {
    const tx = this.db.transaction('outbox', 'readwrite');
    const existing = await tx.store.get(entry.globalId);
    const nextAttemptAt = failedAttempts ? now + backoffDelay(failedAttempts, this.policy, random) : now;
    const queued: QueuedOrder = existing ?? { ...entry, attempts: failedAttempts, nextAttemptAt, status: 'pending' };
    if (!existing) await tx.store.put(queued);
    await tx.done;
    return queued;
  }

  list(): Promise<QueuedOrder[]> {
    return this.db.getAll('outbox');
  }

  /** Removes an entry (staff discarding a failed order after dealing with it at the counter). */
  remove(globalId: string): Promise<void> {
    return this.db.delete('outbox', globalId);
  }

  /** Makes every pending entry due now (staff "retry now", or the network just came back). */
  async makeAllDue(now = Date.now()): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    for (const entry of await tx.store.getAll()) {
      if (entry.status === 'pending') await tx.store.put({ ...entry, nextAttemptAt: now });
    }
    await tx.done;
  }

  /** When the next attempt is due (null: nothing pending). */
  async nextWakeAt(): Promise<number | null> {
    return nextWakeAt(await this.list());
  }

  /** Tries every due entry once, oldest first. Concurrent calls share one run. */
  flush(deliver: Deliver, now = Date.now(), random = Math.random): Promise<FlushReport> {
    this.flushing ??= this.runFlush(deliver, now, random).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async runFlush(deliver: Deliver, now: number, random: () => number): Promise<FlushReport> {
    const report: FlushReport = { delivered: [], failed: [], stillPending: 0, unreachable: false };
    for (const entry of dueEntries(await this.list(), now)) {
      const answer = await deliver(entry.request).catch((): DeliveryAnswer => ({ status: 0 }));
      const outcome = classifyOrderAnswer(answer.status, answer.code);
      if (outcome.kind === 'accepted') {
        await this.db.delete('outbox', entry.globalId);
        report.delivered.push(entry.globalId);
      } else if (outcome.kind === 'unreachable') {
        report.unreachable = true;
        const attempts = entry.attempts + 1;
        const nextAttemptAt = now + backoffDelay(attempts, this.policy, random);
        await this.db.put('outbox', { ...entry, attempts, nextAttemptAt, lastError: answer.code ?? `http_${answer.status}` });
      } else {
        await this.db.put('outbox', { ...entry, attempts: entry.attempts + 1, status: 'failed', lastError: outcome.code });
        report.failed.push(entry.globalId);
      }
    }
    report.stillPending = (await this.list()).filter((e) => e.status === 'pending').length;
    return report;
  }
}
