import type { WatchedSource } from '../transport/source.watch.js';
import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, type StreamConfig, type StreamSource } from '@nats-io/jetstream';
import { consumers, hubPrefixes, hubStreams, streams } from '@kiosk/contracts';
import { ensureConsumer, ensureStream, storeStreams, type Nats } from '@kiosk/kit';
import type { UplinkConfig } from '../config.js';

const nanos = (ms: number) => ms * 1_000_000;
const DAY = 24 * 60 * 60 * 1000;
type Stream = Partial<StreamConfig> & { name: string };

const storeCommon = { storage: StorageType.File, retention: RetentionPolicy.Limits, num_replicas: 1 } as const;

/**
 * The store's CENTRAL_<ID> stream: receipts and decisions central sent this store, sourced from central's
 * CENTRAL_TO_<ID> (hubStreams.centralToStore). It has no subjects of its own: nothing on the box can publish into it.
 */
export function centralStream(storeId: string, source: StreamSource): Stream {
  return {
    ...storeCommon, name: streams.central(storeId), sources: [source],
    max_age: nanos(14 * DAY), discard: DiscardPolicy.Old, max_bytes: 64 * 1024 ** 2, max_msg_size: 64 * 1024,
  };
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
    const stream = storeStreams(config.STORE_ID)[kind];
    await ensureStream(nats.jsm, stream);
    await ensureConsumer(nats.jsm, stream.name, {
      durable_name: consumers.uplink,
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

/**
 * The down direction: the store's catalog stream sources central's catalog for this store across the
 * leaf node (its account maps the hub's consumer API under UPLINK_HUB_API). Sourcing resumes by itself
 * after a cut; the catalog service applies what arrives last-write-wins as it does its own changes.
 */
export function catalogSource(config: UplinkConfig): StreamSource {
  return {
    name: config.UPLINK_CATALOG_SOURCE ?? hubStreams.catalogToStore(config.STORE_ID),
    external: { api: config.UPLINK_HUB_API, deliver: config.UPLINK_CATALOG_DELIVER ?? hubPrefixes.catalogDeliver(config.STORE_ID) },
  };
}

export async function ensureCatalogFromCentral(nats: Nats, config: UplinkConfig): Promise<void> {
  const catalog = storeStreams(config.STORE_ID).catalog;
  await ensureStream(nats.jsm, { ...catalog, sources: [catalogSource(config)] });
}

/** Receipts and decisions come down the same way as the catalog (central-config.ts renders the imports). */
export function centralSource(config: UplinkConfig): StreamSource {
  return {
    name: config.UPLINK_CENTRAL_SOURCE ?? hubStreams.centralToStore(config.STORE_ID),
    external: { api: config.UPLINK_HUB_API, deliver: config.UPLINK_CENTRAL_DELIVER ?? hubPrefixes.centralDeliver(config.STORE_ID) },
  };
}

export async function ensureCentralFromCentral(nats: Nats, config: UplinkConfig): Promise<void> {
  await ensureStream(nats.jsm, centralStream(config.STORE_ID, centralSource(config)));
}

/** The store streams that source central, as the source watch sees them. */
export function sourcedStreams(config: UplinkConfig): WatchedSource[] {
  const down: WatchedSource[] = [];
  if (config.UPLINK_CATALOG_DOWN) down.push({ stream: streams.catalog(config.STORE_ID), source: catalogSource(config) });
  if (config.UPLINK_CENTRAL_DOWN) down.push({ stream: streams.central(config.STORE_ID), source: centralSource(config) });
  return down;
}
