import { setTimeout as sleep } from 'node:timers/promises';
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import { fromBinary, pb, streams, subjects } from '@kiosk/contracts';
import { errorFields, type Logger, type Nats } from '@kiosk/kit';
import { newer, type LatestBeat } from '../domain/fleet.js';

/**
 * Follows every store's heartbeats in central's TELEMETRY_<ID> streams with an ordered consumer (nothing
 * durable to clean up; the client recreates it after a hub restart). It starts from the last heartbeat of each
 * store, so a restarted exporter knows the fleet at once, and keeps only the newest per store in memory.
 */
export class HeartbeatReader {
  readonly latest = new Map<string, LatestBeat>();
  private stopped = false;
  private readonly open = new Set<ConsumerMessages>();
  private loops: Promise<void>[] = [];

  /** The stores followed, in the order they were added (the exporter lists every one of them). */
  readonly stores: string[] = [];

  constructor(private readonly deps: { nats: () => Promise<Nats>; logger: Logger }) {}

  /** Follows one more store's heartbeats (a store added at central while this runs); once per store. */
  add(store: string): void {
    if (this.stopped || this.stores.includes(store)) return;
    this.stores.push(store);
    this.loops.push(this.follow(store));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.open].map((m) => m.close()));
    await Promise.all(this.loops);
  }

  private async follow(store: string): Promise<void> {
    const stream = streams.telemetry(store);
    while (!this.stopped) {
      try {
        const { js } = await this.deps.nats();
        const consumer = await js.consumers.get(stream, { filter_subjects: [subjects.heartbeat(store)], deliver_policy: DeliverPolicy.LastPerSubject });
        const messages = await consumer.consume();
        this.open.add(messages);
        if (this.stopped) await messages.close();
        for await (const m of messages) {
          try {
            const heartbeat = fromBinary(pb.HeartbeatSchema, m.data);
            const beat = { heartbeat, storedAt: new Date(Math.floor(m.info.timestampNanos / 1e6)) };
            // A store speaks only for itself: its stream's subject names it, and the heartbeat must agree.
            if (heartbeat.storeId === store && newer(this.latest.get(store), beat)) this.latest.set(store, beat);
          } catch (err) {
            this.deps.logger.warn('undecodable heartbeat skipped', { store, seq: m.seq, ...errorFields(err) });
          }
        }
        this.open.delete(messages);
      } catch (err) {
        if (this.stopped) return;
        this.deps.logger.warn('cannot follow heartbeats yet, retrying', { store, stream, ...errorFields(err) });
        await sleep(2_000);
      }
    }
  }
}
