import { z } from 'zod';
import { baseConfig } from '@kiosk/kit';

/** The sync service's environment: where to read the figures it reports, and how often it tells central. */
export const syncConfig = baseConfig.extend({
  /** The order service: its `/health` has the exact pending-upload count and the last receipt time. */
  ORDER_URL: z.url(),
  /** The store nats-server's monitoring endpoint: its `/leafz` says whether the link to central is up. */
  NATS_MONITOR_URL: z.url(),
  /** Heartbeat period: central marks a store offline after a few missed ones, so keep it to seconds. 0 = none. */
  HEARTBEAT_MS: z.coerce.number().int().max(300_000).refine((ms) => ms === 0 || ms >= 200, '0 (off) or at least 200').default(5_000),
  /** What the heartbeat reports as the box's software version. */
  APP_VERSION: z.string().default('0.1.0'),
});
export type SyncConfig = z.infer<typeof syncConfig>;
