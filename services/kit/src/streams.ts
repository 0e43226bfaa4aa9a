import { DiscardPolicy, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { streams, subjects } from '@kiosk/contracts';

const nanos = (ms: number) => ms * 1_000_000;
const DAY = 24 * 60 * 60 * 1000;

/**
 * The JetStream streams of one store box. Every service that publishes to or consumes from a stream ensures
 * it with these exact settings at start-up, so the box converges on one configuration whoever starts first.
 */
export function storeStreams(storeId: string): Record<'sales' | 'kitchen' | 'catalog' | 'telemetry', Partial<StreamConfig> & { name: string }> {
  const common = {
    storage: StorageType.File,
    // Limits retention, never work-queue: central sources these streams, and a work-queue stream lost
    // messages during an outage that way (nats-server #3207). Consumers ack; nothing is deleted on ack.
    retention: RetentionPolicy.Limits,
    // A store must ride out a 7-day outage with every event still here for central to source; 14 days of slack.
    max_age: nanos(14 * DAY),
    // Refuse new events rather than silently dropping old ones that central may not have yet.
    discard: DiscardPolicy.New,
    num_replicas: 1,
  };
  // Central's receipts count in these two streams' sequences. A box creating them starts at the time in
  // milliseconds (set at creation only; see ensureStream), so a replacement box never counts where a dead box did.
  const counted = { first_seq: streamStartNow() };
  return {
    sales: {
      ...common,
      ...counted,
      name: streams.sales(storeId),
      subjects: subjects.salesAll(storeId),
      // The outbox relay retries a publish until it gets a PubAck; after a crash it republishes rows it had not
      // marked. One hour covers any restart of the box, and consumers dedupe by globalId beyond that anyway.
      duplicate_window: nanos(60 * 60 * 1000),
      max_bytes: 2 * 1024 ** 3,
      max_msg_size: 256 * 1024,
    },
    kitchen: {
      ...common,
      ...counted,
      name: streams.kitchen(storeId),
      subjects: [subjects.kitchenAll(storeId)],
      duplicate_window: nanos(60 * 60 * 1000),
      max_bytes: 1024 ** 3,
      max_msg_size: 64 * 1024,
    },
    catalog: {
      ...common,
      name: streams.catalog(storeId),
      subjects: [subjects.catalogStoreAll(storeId)],
      // The catalog is small and every change matters until superseded; keep it all, however old.
      max_age: 0,
      discard: DiscardPolicy.Old,
      // Each entity has its own subject; a short history per entity bounds the stream without losing the latest.
      max_msgs_per_subject: 10,
      duplicate_window: nanos(10 * 60 * 1000),
      max_bytes: 512 * 1024 ** 2,
      max_msg_size: 256 * 1024,
    },
    telemetry: {
      ...common,
      name: streams.telemetry(storeId),
      subjects: [subjects.telemetryAll(storeId)],
      // Heartbeats, apart from sales so a backlog here never delays money. Old ones are worth little: a full
      // stream drops its oldest rather than refusing new ones, and a week is enough.
      max_age: nanos(7 * DAY),
      discard: DiscardPolicy.Old,
      duplicate_window: nanos(60 * 60 * 1000),
      max_bytes: 64 * 1024 ** 2,
      max_msg_size: 64 * 1024,
    },
  };
}

/**
 * Where a newly created counted stream starts: now, in milliseconds. A box publishes far fewer events than a
 * millisecond each, so the stream of a box created later starts above every sequence an earlier box used.
 */
export function streamStartNow(): number {
  return Date.now();
}

/** The first sequence of a stream as its configuration says (1 for a stream created without one). */
export function streamStartOf(config: Partial<StreamConfig>): number {
  return config.first_seq && config.first_seq > 0 ? config.first_seq : 1;
}
