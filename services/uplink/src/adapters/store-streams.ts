import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, type StreamConfig, type StreamSource } from '@nats-io/jetstream';
import { streams, subjects } from '@kiosk/contracts';
import { ensureConsumer, ensureStream, storeStreams, type Nats } from '@kiosk/kit';
import type { UplinkConfig } from '../config.js';

/** The uplink's durable consumer on each store stream it forwards. */
export const uplinkConsumer = 'uplink';

const nanos = (ms: number) => ms * 1_000_000;
const DAY = 24 * 60 * 60 * 1000;
type Stream = Partial<StreamConfig> & { name: string };

const storeCommon = { storage: StorageType.File, retention: RetentionPolicy.Limits, num_replicas: 1 } as const;

/**
 * The store's telemetry stream (heartbeats from the sync service). The kit's storeStreams has no telemetry
 * entry, so the uplink, which forwards it, declares it. Apart from sales so a telemetry backlog never delays
 * money; old heartbeats are worth little, so a full stream drops its oldest rather than refusing new ones.
 */
export function telemetryStream(storeId: string): Stream {
  return {
    ...storeCommon, name: streams.telemetry(storeId), subjects: [subjects.telemetryAll(storeId)],
    max_age: nanos(7 * DAY), discard: DiscardPolicy.Old, duplicate_window: nanos(60 * 60 * 1000),
    max_bytes: 64 * 1024 ** 2, max_msg_size: 64 * 1024,
  };
}

/**
 * The store's CENTRAL_<ID> stream: receipts and decisions central sent this store, sourced from central's
 * CENTRAL_TO_<ID>. It has no subjects of its own: nothing on the box can publish into it.
 */
export function centralStream(storeId: string, source: StreamSource): Stream {
  return {
    ...storeCommon, name: streams.central(storeId), sources: [source],
    max_age: nanos(14 * DAY), discard: DiscardPolicy.Old, max_bytes: 64 * 1024 ** 2, max_msg_size: 64 * 1024,
  };
}

function forwardedStream(kind: UplinkConfig['UPLINK_STREAMS'][number], storeId: string): Stream {
  return kind === 'telemetry' ? telemetryStream(storeId) : storeStreams(storeId)[kind];
}

/** Which store stream each forwarded kind is: central's stream has the same name (hub-streams.ts). */
export function forwardedStreams(config: UplinkConfig): string[] {
  return config.UPLINK_STREAMS.map((kind) => streams[kind](config.STORE_ID));
}

/**
 * Declares the store streams the uplink reads (same settings as every other service of the box) and its
 * consumer on each: explicit ack, from the first message, never giving up on one (central must get it).
 */
export async function ensureForwarding(nats: Nats, config: UplinkConfig): Promise<void> {
  for (const kind of config.UPLINK_STREAMS) {
    const stream = forwardedStream(kind, config.STORE_ID);
    await ensureStream(nats.jsm, stream);
    await ensureConsumer(nats.jsm, stream.name, {
      durable_name: uplinkConsumer,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // The forwarder holds a batch while central is unreachable and extends it (working) on every retry;
      // 30 s only matters if the uplink process dies holding one.
      ack_wait: 30_000_000_000,
      max_deliver: -1,
      max_ack_pending: 4 * config.UPLINK_BATCH,
    });
  }
}

const suffixOf = (config: UplinkConfig) => streams.catalog(config.STORE_ID).replace(/^CATALOG_/, '');

/**
 * The down direction: the store's catalog stream sources central's catalog for this store across the
 * leaf node (its account maps the hub's consumer API under UPLINK_HUB_API). Sourcing resumes by itself
 * after a cut; the catalog service applies what arrives last-write-wins as it does its own changes.
 */
export function catalogSource(config: UplinkConfig): StreamSource {
  return {
    name: config.UPLINK_CATALOG_SOURCE ?? `CATALOG_TO_${suffixOf(config)}`,
    external: { api: config.UPLINK_HUB_API, deliver: config.UPLINK_CATALOG_DELIVER ?? `catdeliver.${config.STORE_ID}` },
  };
}

export async function ensureCatalogFromCentral(nats: Nats, config: UplinkConfig): Promise<void> {
  const catalog = storeStreams(config.STORE_ID).catalog;
  await ensureStream(nats.jsm, { ...catalog, sources: [catalogSource(config)] });
}

/** Receipts and decisions come down the same way as the catalog (central-config.ts renders the imports). */
export function centralSource(config: UplinkConfig): StreamSource {
  return {
    name: config.UPLINK_CENTRAL_SOURCE ?? `CENTRAL_TO_${suffixOf(config)}`,
    external: { api: config.UPLINK_HUB_API, deliver: config.UPLINK_CENTRAL_DELIVER ?? `centraldeliver.${config.STORE_ID}` },
  };
}

export async function ensureCentralFromCentral(nats: Nats, config: UplinkConfig): Promise<void> {
  await ensureStream(nats.jsm, centralStream(config.STORE_ID, centralSource(config)));
}

/** The store streams that source central, as the source watch sees them. */
export function sourcedStreams(config: UplinkConfig): { stream: string; sourceName: string }[] {
  const down: { stream: string; sourceName: string }[] = [];
  if (config.UPLINK_CATALOG_DOWN) down.push({ stream: streams.catalog(config.STORE_ID), sourceName: catalogSource(config).name });
  if (config.UPLINK_CENTRAL_DOWN) down.push({ stream: streams.central(config.STORE_ID), sourceName: centralSource(config).name });
  return down;
}
