import { AckPolicy, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { consumers } from '@kiosk/contracts';
import { ConsumerLoop, consumeBatches, ensureConsumer, errorFields, type Logger, type Nats } from '@kiosk/kit';
import type { CommitSlots } from './commit-slots.js';

const nanos = (ms: number) => ms * 1_000_000;

export interface StreamConsumerOptions {
  natsReady: Promise<Nats>;
  /** The hub stream (SALES_S1, KITCHEN_S1, TELEMETRY_S1). */
  stream: string;
  batch: number;
  logger: Logger;
  /** Shared by every consumer of the replica: how many batches commit at once. */
  slots: CommitSlots;
  /** Commits the whole batch in one Postgres transaction; throws if nothing was committed. */
  commit(batch: JsMsg[]): Promise<void>;
}

/**
 * One store stream at central -> central Postgres. A durable pull consumer (`central-ingest`) with explicit
 * acks, shared by every ingest replica: each fetch hands a replica messages no other replica holds. A batch is
 * acked only after its transaction committed; if it fails, it is nak'ed and comes back (commits are idempotent
 * by globalId / event id, so a batch committed just before a crash and redelivered changes nothing).
 */
export class StoreStreamConsumer extends ConsumerLoop {
  constructor(private readonly options: StreamConsumerOptions) {
    super(options.natsReady, 500);
  }

  protected failed(err: unknown): void {
    this.options.logger.warn('ingest consumer will retry', { stream: this.options.stream, ...errorFields(err) });
  }

  protected async consume(nats: Nats): Promise<void> {
    await ensureConsumer(nats.jsm, this.options.stream, {
      durable_name: consumers.centralIngest,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // A batch of a few hundred orders commits in well under a second; one not acked by then is redelivered.
      ack_wait: nanos(30_000),
      max_deliver: -1,
      max_ack_pending: 20 * this.options.batch,
    });
    const consumer = await nats.js.consumers.get(this.options.stream, consumers.centralIngest);
    this.options.logger.info('ingesting', { stream: this.options.stream });
    // Keeps up to two batches coming while one commits; each batch is what has arrived (consumeBatches).
    const messages = await this.subscribe(consumer, 2 * this.options.batch);
    for await (const batch of consumeBatches(messages, this.options.batch)) await this.settle(batch);
  }

  private async settle(batch: JsMsg[]): Promise<void> {
    try {
      await this.options.slots.run(batch, () => this.options.commit(batch));
    } catch (err) {
      this.options.logger.warn('batch not committed, redelivering', { stream: this.options.stream, size: batch.length, ...errorFields(err) });
      for (const m of batch) m.nak(1_000);
      return;
    }
    // Plain acks, not confirmed ones: a lost ack only means the batch is redelivered, and committing it again
    // changes nothing. Waiting for a confirmation of each message cost more than the commit of its order.
    for (const m of batch) m.ack();
  }
}
