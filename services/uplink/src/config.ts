import { z } from 'zod';
import { hubPrefixes } from '@kiosk/contracts';
import { baseConfig } from '@kiosk/kit';

const flag = z.enum(['true', 'false']).default('true').transform((v) => v === 'true');

/**
 * The uplink's settings. The hub-side names (subject prefix, API prefix, catalog stream and deliver prefix)
 * must match what central's hub config renders for this store's account; the defaults are those names
 * (@kiosk/contracts' hub names), and the stack passes them explicitly all the same.
 */
export const uplinkConfig = baseConfig.extend({
  /** Which store streams go up: sales (orders+payments), kitchen events and telemetry (heartbeats). */
  UPLINK_STREAMS: z.string().default('sales,kitchen,telemetry')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['sales', 'kitchen', 'telemetry'])).min(1)),
  /** Subjects published as `<prefix>.<store subject>` reach central's stream through the store's account import. */
  UPLINK_SUBJECT_PREFIX: z.string().regex(/^[a-z][a-z0-9_-]*$/).default(hubPrefixes.uplinkSubject),
  /** Central's JetStream domain: a PubAck from any other domain is not central's. */
  UPLINK_HUB_DOMAIN: z.string().default('hub'),
  /** Messages fetched and forwarded at once (at most 1,000: JetStream's largest atomic batch). */
  UPLINK_BATCH: z.coerce.number().int().min(1).max(1000).default(1000),
  /** Forward each batch as one JetStream atomic batch (central's streams allow them); `false`: message by
   * message, pipelined (one write at central per message). */
  UPLINK_ATOMIC_BATCHES: flag,
  /** Longest pause between two attempts while central is unreachable: the link being back is noticed within it. */
  UPLINK_RETRY_MAX_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  UPLINK_PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** Make the store's catalog stream source central's catalog for this store. */
  UPLINK_CATALOG_DOWN: flag,
  UPLINK_HUB_API: z.string().default(hubPrefixes.hubApi),
  UPLINK_CATALOG_SOURCE: z.string().optional(),
  UPLINK_CATALOG_DELIVER: z.string().optional(),
  /** Make the store's CENTRAL_<ID> stream source central's receipts and decisions for this store. */
  UPLINK_CENTRAL_DOWN: flag,
  UPLINK_CENTRAL_SOURCE: z.string().optional(),
  UPLINK_CENTRAL_DELIVER: z.string().optional(),
  /** How often to check that the sourced streams still hear from central (0 = never); see domain/sourcing.ts. */
  UPLINK_SOURCE_WATCH_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** The store nats-server's monitor (`/leafz`): sources are only restarted while the link is up. Without it
   * the link's state is unknown and a silent source is restarted at most every 30 s. */
  NATS_MONITOR_URL: z.url().optional(),
});
export type UplinkConfig = z.infer<typeof uplinkConfig>;
