import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import { errorFields, pullBatch, type Logger } from '@kiosk/kit';
import { retryDelay, settleAtomicBatch, settleBatch } from '../domain/forwarding.js';
import type { HubPublisher } from '../adapters/hub-publisher.js';
import type { UplinkMetrics } from '../adapters/metrics.js';
import { BackgroundLoop } from './background-loop.js';

export interface ForwarderOptions {
  stream: string;
  /** The store stream's first sequence (stamped on every forwarded message). */
  streamStart: number;
  consumer: Consumer;
  publisher: HubPublisher;
  hubDomain: string;
  batch: number;
  /** Send each fetched batch as one JetStream atomic batch (one write at central instead of one per message). */
  atomic: boolean;
  retryMaxMs: number;
  logger: Logger;
  metrics: UplinkMetrics;
}

/**
 * How long one pull waits for the next event of a quiet stream: an event is still forwarded the moment it
 * arrives, and an idle store's server answers a pull every 10 s per stream instead of every second (with a
 * hundred stores on one machine that was a third of their nats-servers' and uplinks' idle CPU).
 */
const idleWaitMs = 10_000;

/**
 * Moves one store stream to central: fetch a batch from the uplink's durable consumer, publish it to central
 * (as one atomic batch, or message by message pipelined; the same Nats-Msg-Id either way), ack locally only
 * what central acknowledged, and keep retrying the rest - in order, holding them - until the link is back. A
 * crash anywhere redelivers the unacked messages, and central's dedupe drops what it already had: exactly
 * once at central.
 */
export class StreamForwarder extends BackgroundLoop {
  /** When central last acknowledged a message of this stream. */
  lastForwardedAt: Date | null = null;
  /** Times since start that central stopped acknowledging (one per episode, however long it lasts: retries
   * every 250 ms during an outage would otherwise count thousands of "errors" for one cut). */
  stuckEpisodes = 0;
  /** Failed attempts in a row at the batch held now (0 while events flow). */
  heldAttempts = 0;
  private readonly stopping = new AbortController();

  constructor(private readonly options: ForwarderOptions) {
    super();
  }

  protected async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const msgs = await this.fetch();
        if (msgs.length > 0) await this.forwardAll(msgs);
      } catch (err) {
        // The local server itself is unreachable (restarting): the consumer keeps our place.
        this.options.logger.warn('uplink fetch failed', { stream: this.options.stream, ...errorFields(err) });
        await sleep(this.options.retryMaxMs);
      }
    }
  }

  override async stop(): Promise<void> {
    this.stopping.abort();
    await super.stop();
  }

  private async fetch(): Promise<JsMsg[]> {
    return pullBatch(this.options.consumer, this.options.batch, { waitMs: idleWaitMs, signal: this.stopping.signal });
  }

  private async forwardAll(batch: JsMsg[]): Promise<void> {
    let pending = batch;
    for (let attempt = 0; pending.length > 0 && !this.stopped; attempt++) {
      const { forwarded, retry, duplicates, reasons } = await this.attempt(pending);
      for (const m of forwarded) m.ack();
      if (forwarded.length > 0) {
        this.lastForwardedAt = new Date();
        this.options.metrics.forwarded.inc({ stream: this.options.stream }, forwarded.length);
        if (duplicates > 0) this.options.metrics.duplicates.inc({ stream: this.options.stream }, duplicates);
      }
      pending = retry;
      if (pending.length === 0) {
        this.heldAttempts = 0;
        return;
      }
      if (attempt === 0) this.stuckEpisodes++;
      this.heldAttempts = attempt + 1;
      if (attempt === 0) this.options.logger.info('central unreachable, holding events', { stream: this.options.stream, held: pending.length, reasons });
      for (const m of pending) m.working();
      await sleep(retryDelay(attempt, this.options.retryMaxMs));
    }
    // Stopping with messages held: they are not acked, so the consumer redelivers them after a restart.
  }

  /** One try at the held messages: atomically first; one by one where central refuses the batch (settleAtomicBatch). */
  private async attempt(pending: JsMsg[]): Promise<ReturnType<typeof settleBatch<JsMsg>>> {
    const { publisher, stream, streamStart, hubDomain } = this.options;
    if (this.options.atomic) {
      const settled = settleAtomicBatch(await publisher.forwardAtomically(pending, stream, streamStart), pending.length, stream, hubDomain);
      if (settled.next === 'ack') return { forwarded: pending, retry: [], duplicates: 0, reasons: [] };
      if (settled.next === 'retry') return { forwarded: [], retry: pending, duplicates: 0, reasons: [settled.reason] };
    }
    const outcomes = await Promise.all(pending.map((m) => publisher.forward(m, stream, streamStart)));
    return settleBatch(pending, outcomes, hubDomain);
  }
}
