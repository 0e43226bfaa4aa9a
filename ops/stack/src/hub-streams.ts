import {
  DiscardPolicy, JetStreamApiError, RetentionPolicy, StorageType, jetstreamManager, type JetStreamManager, type StreamConfig,
} from '@nats-io/jetstream';
import { isDeepStrictEqual } from 'node:util';
import type { NatsConnection } from '@nats-io/transport-node';
import { hubPrefixes, hubStreams, streams, subjects } from '@kiosk/contracts';
import { maxStoreConsumers } from './central-config.js';

const nanos = (ms: number) => ms * 1_000_000;
const DAY = 24 * 60 * 60 * 1000;
type Stream = Partial<StreamConfig> & { name: string };


const common = {
  storage: StorageType.File,
  // Three copies: central is where the fleet's money ends up, and one node may be down for an upgrade.
  num_replicas: 3,
  retention: RetentionPolicy.Limits,
} as const;
// For what central can rebuild or does not need after a minute; see its uses.
const oneCopy = { num_replicas: 1 } as const;
// The uplink forwards a store's backlog in atomic batches: one replicated, synced write per batch rather
// than per message (a stream without it makes the uplink fall back to one message at a time).
const takesBatches = { allow_atomic: true } as const;

/**
 * Central's streams for one store, in the HUB account. SALES_<ID> and KITCHEN_<ID> carry the same subjects
 * as the store's streams (`store.<id>.orders.>` ...): the store's uplink forwarder publishes there through
 * its account's import, with the store's own Nats-Msg-Id, so a message forwarded twice is stored once.
 * What goes down to the store lives in its down account (downStoreStreams).
 */
export function hubStoreStreams(storeId: string): Stream[] {
  // The forwarder repeats a message only when its PubAck was lost (link cut mid-flight, store power cut before
  // the local ack): it resends on reconnect or reboot. A day covers any such gap; central-ingest is idempotent
  // by globalId beyond it anyway (docs/architecture.md, durability).
  const dedupe = nanos(DAY);
  return [
    {
      ...common, ...takesBatches, name: streams.sales(storeId), subjects: subjects.salesAll(storeId), duplicate_window: dedupe,
      // Central keeps the raw events a month for replays; central Postgres is the long-term record.
      max_age: nanos(30 * DAY), discard: DiscardPolicy.New, max_bytes: 1024 ** 3, max_msg_size: 256 * 1024,
    },
    {
      ...common, ...takesBatches, name: streams.kitchen(storeId), subjects: [subjects.kitchenAll(storeId)], duplicate_window: dedupe,
      max_age: nanos(30 * DAY), discard: DiscardPolicy.New, max_bytes: 512 * 1024 ** 2, max_msg_size: 64 * 1024,
    },
    {
      // Heartbeats: a backlog here never delays money (own stream), and old ones are worth little, so the
      // oldest go first when it is full. One copy: every replicated stream or consumer is a Raft group whose
      // upkeep the hub pays each second whether anything flows or not (docs/scaling.md), and a heartbeat lost
      // with a node is replaced by the next one seconds later. Its ingest consumer follows it (one copy too).
      ...common, ...takesBatches, ...oneCopy, name: streams.telemetry(storeId), subjects: [subjects.telemetryAll(storeId)], duplicate_window: nanos(60 * 60 * 1000),
      max_age: nanos(7 * DAY), discard: DiscardPolicy.Old, max_bytes: 64 * 1024 ** 2, max_msg_size: 64 * 1024,
    },
  ];
}

/**
 * Central's streams for one store in its down account (downAccount): CENTRAL_TO_<ID> and
 * CATALOG_TO_<ID>, which the store's CENTRAL_<ID> and CATALOG_<ID> source across the leaf node. CATALOG_TO_<ID>
 * is central's catalog filtered to the global subjects plus that store's own, so a store can only ever read
 * its own catalog. The store creates consumers on both: max_consumers bounds how many it may hold.
 */
export function downStoreStreams(storeId: string): Stream[] {
  return [
    {
      // Receipts and decisions for one store, published by central-ingest; the store's CENTRAL_<ID> sources it
      // across the leaf node. Limits retention with a 7-day age: it must outlast the longest outage.
      ...common, name: hubStreams.centralToStore(storeId), max_consumers: maxStoreConsumers, subjects: [subjects.centralForStore(storeId)], duplicate_window: nanos(DAY),
      max_age: nanos(14 * DAY), discard: DiscardPolicy.Old, max_bytes: 64 * 1024 ** 2, max_msg_size: 64 * 1024,
    },
    {
      // One copy, as TELEMETRY_<ID>: it is central's CATALOG filtered, rebuilt by sourcing when declared again,
      // and a store whose copy is on a node that is down keeps selling on its own catalog until the node is back.
      ...common, ...oneCopy, name: hubStreams.catalogToStore(storeId), max_consumers: maxStoreConsumers, max_age: 0, discard: DiscardPolicy.Old, max_msgs_per_subject: 10,
      max_bytes: 64 * 1024 ** 2,
      sources: [{
        name: hubStreams.catalog,
        // HUB's CATALOG, reached from the down account through its imports.
        external: { api: hubPrefixes.hubCatalogApi, deliver: hubPrefixes.catalogSourceDeliver(storeId) },
        // Identity transforms act as two filters on one source (2.10+).
        subject_transforms: [
          { src: subjects.catalogGlobalAll, dest: subjects.catalogGlobalAll },
          { src: subjects.catalogStoreAll(storeId), dest: subjects.catalogStoreAll(storeId) },
        ],
      }],
    },
  ];
}

export function hubCatalog(): Stream {
  return {
    ...common, name: hubStreams.catalog, subjects: [subjects.catalogGlobalAll, subjects.catalogEveryStore],
    // Each entity has its own subject; a short history per entity bounds the stream without losing the latest.
    max_age: 0, discard: DiscardPolicy.Old, max_msgs_per_subject: 10, duplicate_window: nanos(10 * 60 * 1000),
    max_bytes: 256 * 1024 ** 2, max_msg_size: 256 * 1024,
  };
}

/**
 * JetStream reserves every stream's max_bytes on each node that holds a replica, so central's file store is
 * sized from the fleet: what one store's streams may hold, times the stores, plus the catalog and slack.
 */
export function hubFileStoreBytes(stores: number): number {
  const perStore = 1024 ** 3 + 512 * 1024 ** 2 + 3 * 64 * 1024 ** 2;
  return stores * perStore + 2 * 1024 ** 3;
}

/**
 * Declares central's streams for every store, idempotently (creates, or updates to this config), through a
 * connection of central's operator in HUB: HUB's own, and each down account's through its API import.
 */
export async function ensureHubStreams(nc: NatsConnection, stores: string[], timeout = 2_000): Promise<void> {
  const jsm = await jetstreamManager(nc, { timeout });
  await ensure(jsm, hubCatalog());
  for (const storeId of stores) {
    for (const s of hubStoreStreams(storeId)) await ensure(jsm, s);
    // A hub from before the down accounts kept these in HUB, where they would still capture receipts.
    for (const moved of [hubStreams.catalogToStore(storeId), hubStreams.centralToStore(storeId)]) {
      await jsm.streams.delete(moved).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }
    const down = await jetstreamManager(nc, { timeout, apiPrefix: hubPrefixes.downApi(storeId) });
    for (const s of downStoreStreams(storeId)) await ensure(down, s);
  }
}

const isNotFound = (err: unknown) => err instanceof JetStreamApiError && (err.code === 10059 || err.status === 404);

/** Whether a stream's current config already has every field `wanted` sets (fields it does not set are free). */
export function streamMatches(current: object, wanted: Partial<Stream>): boolean {
  const have = current as Record<string, unknown>;
  return Object.entries(wanted).every(([key, value]) => isDeepStrictEqual(have[key], value));
}

/**
 * Creates the stream, or updates it when it differs from `config`. A stream that already matches is left alone,
 * so a declaration cut off by a timeout (a hundred stores' R3 streams on a busy hub) resumes where it stopped
 * when it is run again instead of proposing every update to the cluster once more.
 */
async function ensure(jsm: JetStreamManager, config: Stream): Promise<void> {
  try {
    const info = await jsm.streams.info(config.name);
    if (streamMatches(info.config, config)) return;
    await jsm.streams.update(config.name, { ...info.config, ...config });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.streams.add(config);
  }
}
