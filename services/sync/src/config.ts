import { z } from 'zod';
import { baseConfig } from '@kiosk/kit';

/** The sync service's environment: where to read the figures it reports, and how often it tells central. */
export const syncConfig = baseConfig.extend({
  /** The order service: its `/health` has the exact pending-upload count, the last receipt time and its outbox backlog. */
  ORDER_URL: z.url(),
  /** The store nats-server's monitoring endpoint: its `/leafz` says whether the link to central is up. */
  NATS_MONITOR_URL: z.url(),
  /**
   * The uplink service (forwarder to central): its `/health` counts failed forwarding attempts. Optional: a box
   * without a hub runs no uplink, and the status page then shows those figures as unknown. Empty = unset, so
   * one environment list serves boxes with and without a hub.
   */
  UPLINK_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/, error: 'an http(s) URL such as http://uplink:8080' }).optional()),
  /**
   * The catalog and kitchen services: the store's OpenAPI document (`GET /api/openapi.json`) merges their parts
   * with the order service's and this one's. Optional (empty = unset): a part not configured is left out.
   */
  CATALOG_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  KITCHEN_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  /** Heartbeat period: central marks a store offline after a few missed ones, so keep it to seconds. 0 = none. */
  HEARTBEAT_MS: z.coerce.number().int().max(300_000).refine((ms) => ms === 0 || ms >= 200, '0 (off) or at least 200').default(5_000),
  /**
   * How often the status stream (`/api/sync/status/stream`) pushes fresh figures to open status pages. A few
   * seconds: "last sync 3 min ago" ticks in the browser, the figures themselves change slowly.
   */
  STATUS_PUSH_MS: z.coerce.number().int().min(200).max(60_000).default(3_000),
  /** What the heartbeat reports as the box's software version. */
  APP_VERSION: z.string().default('0.1.0'),
});
export type SyncConfig = z.infer<typeof syncConfig>;
