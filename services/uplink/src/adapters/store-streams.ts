import { AckPolicy, DeliverPolicy, type StreamSource } from '@nats-io/jetstream';
import { streams } from '@kiosk/contracts';
import { ensureConsumer, ensureStream, storeStreams, type Nats } from '@kiosk/kit';
import type { UplinkConfig } from '../config.js';

/** The uplink's durable consumer on each store stream it forwards. */
export const uplinkConsumer = 'uplink';

/** Which store stream each forwarded kind is: central's stream has the same name (hub-streams.ts). */
export function forwardedStreams(config: UplinkConfig): string[] {
  return config.UPLINK_STREAMS.map((kind) => streams[kind](config.STORE_ID));
}

/**
 * Declares the store streams the uplink reads (same settings as every other service of the box) and its
 * consumer on each: explicit ack, from the first message, never giving up on one (central must get it).
 */
export async function ensureForwarding(nats: Nats, config: UplinkConfig): Promise<void> {
  const all = storeStreams(config.STORE_ID);
  for (const kind of config.UPLINK_STREAMS) {
    await ensureStream(nats.jsm, all[kind]);
    await ensureConsumer(nats.jsm, all[kind].name, {
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

/**
 * The down direction: the store's catalog stream sources central's catalog for this store across the
 * leaf node (its account maps the hub's consumer API under UPLINK_HUB_API). Sourcing resumes by itself
 * after a cut; the catalog service applies what arrives last-write-wins as it does its own changes.
 */
export function catalogSource(config: UplinkConfig): StreamSource {
  const suffix = streams.catalog(config.STORE_ID).replace(/^CATALOG_/, '');
  return {
    name: config.UPLINK_CATALOG_SOURCE ?? `CATALOG_TO_${suffix}`,
    external: { api: config.UPLINK_HUB_API, deliver: config.UPLINK_CATALOG_DELIVER ?? `catdeliver.${config.STORE_ID}` },
  };
}

export async function ensureCatalogFromCentral(nats: Nats, config: UplinkConfig): Promise<void> {
  const catalog = storeStreams(config.STORE_ID).catalog;
  await ensureStream(nats.jsm, { ...catalog, sources: [catalogSource(config)] });
}
