import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, ConsumerMessages } from '@nats-io/jetstream';
import type { Nats } from './nats.js';

/**
 * A durable consumer's life in a service: once NATS is up, `consume(nats)` declares the consumer, subscribes
 * through `subscribe` and handles messages until the subscription ends; if that fails (a stream not there yet,
 * the server restarting), it starts over after `retryMs`. stop() closes the subscription and waits for the
 * message in hand, which is acked or, left unacked, redelivered later. The client reconnects by itself; this
 * loop is for what reconnecting does not cover.
 */
export abstract class ConsumerLoop {
  protected stopped = false;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly natsReady: Promise<Nats>, private readonly retryMs = 1_000) {}

  start(): this {
    this.loop = this.run();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.loop;
  }

  /** The subscription stop() closes; closed at once if stop() came while it was being made. */
  protected async subscribe(consumer: Consumer, maxMessages: number): Promise<ConsumerMessages> {
    this.messages = await consumer.consume({ max_messages: maxMessages });
    if (this.stopped) await this.messages.close();
    return this.messages;
  }

  protected abstract consume(nats: Nats): Promise<void>;

  /** Says why consuming failed; `attempt` counts from 1 since the loop started. */
  protected abstract failed(err: unknown, attempt: number): void;

  private async run(): Promise<void> {
    const nats = await this.natsReady.catch(() => null);
    for (let attempt = 1; nats && !this.stopped && !nats.nc.isClosed(); attempt++) {
      try {
        await this.consume(nats);
      } catch (err) {
        if (!this.stopped) this.failed(err, attempt);
      }
      if (!this.stopped) await sleep(this.retryMs);
    }
  }
}
