import { setTimeout as sleep } from 'node:timers/promises';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { consumers, streams } from '@kiosk/contracts';
import { ensureConsumer, ensureStream, storeStreams, type Logger, type Nats } from '@kiosk/kit';
import { problemsOf, type CatalogChange } from '../domain/catalog-change.js';
import { decodeChange } from '../adapters/catalog-events.js';
import type { ApplyResult } from '../adapters/catalog.repo.js';

export interface ApplyDeps {
  storeId: string;
  logger: Logger;
  apply(change: CatalogChange): Promise<ApplyResult>;
  /** Runs after the commit of every applied change (cache invalidation, live notification). */
  applied(version: number): Promise<void>;
}

/** How long a change that failed to apply (Postgres down) waits before JetStream redelivers it. */
const RETRY_MS = 1_000;

/**
 * The durable `catalog-apply` consumer on the store's catalog stream. Each message is applied in one Postgres
 * transaction and acked only after the commit: a crash in between redelivers it, and LWW makes the second
 * apply a no-op. Messages are handled one at a time, so the catalog version grows by one per applied change.
 */
export class CatalogApplier {
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: ApplyDeps) {}

  start(nats: Nats): this {
    this.loop = this.run(nats);
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // stop(), not close(): close() waits for the iterator to be drained, which only the loop below does.
    this.messages?.stop();
    await this.loop;
  }

  private async run(nats: Nats) {
    const stream = streams.catalog(this.deps.storeId);
    while (!this.stopped) {
      try {
        await ensureStream(nats.jsm, storeStreams(this.deps.storeId).catalog);
        await ensureConsumer(nats.jsm, stream, {
          durable_name: consumers.catalogApply, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All,
          // Generous: one change is one small transaction; a redelivery would only be a no-op anyway.
          ack_wait: 30_000_000_000, max_deliver: -1,
        });
        const consumer = await nats.js.consumers.get(stream, consumers.catalogApply);
        this.messages = await consumer.consume({ max_messages: 128 });
        if (this.stopped) this.messages.stop();
        for await (const msg of this.messages) await this.handle(msg);
        // The iterator ended without stop() (consumer deleted, connection closed): start over after a pause.
        if (!this.stopped) await sleep(RETRY_MS);
      } catch (err) {
        if (this.stopped) break;
        this.deps.logger.warn('catalog consumer restarting', { err: (err as Error).message });
        await sleep(RETRY_MS);
      }
    }
  }

  private async handle(msg: JsMsg) {
    let change: CatalogChange;
    try {
      change = decodeChange(msg.data);
    } catch (err) {
      return this.reject(msg, `undecodable: ${(err as Error).message}`);
    }
    const problems = problemsOf(change);
    if (problems.length > 0) return this.reject(msg, problems.join('; '), change.clock.eventId);
    try {
      const result = await this.deps.apply(change);
      msg.ack();
      if (result.applied) await this.deps.applied(result.version);
      this.deps.logger.debug('catalog change', { eventId: change.clock.eventId, kind: change.entity.kind, applied: result.applied });
    } catch (err) {
      this.deps.logger.warn('catalog change not applied, will retry', { eventId: change.clock.eventId, err: (err as Error).message });
      msg.nak(RETRY_MS);
    }
  }

  /** A change that can never apply is terminated (logged, kept in the stream) so it cannot block the rest. */
  private reject(msg: JsMsg, reason: string, eventId?: string) {
    this.deps.logger.error('catalog change rejected', { subject: msg.subject, seq: msg.seq, eventId, reason });
    msg.term(reason);
  }
}
