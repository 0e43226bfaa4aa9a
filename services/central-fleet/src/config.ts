import { z } from 'zod';
import { storeIdPattern } from '@kiosk/contracts';
import { baseConfig } from '@kiosk/kit';

/** The fleet exporter's environment: the kit's base (STORE_ID is `central`) plus the fleet's store list. */
export const centralFleetConfig = baseConfig.extend({
  /**
   * Stores besides those of central's stores table (the same list as central-ingest's; may be empty): a store
   * never heard from still gets a series.
   */
  CENTRAL_STORES: z.string().default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(storeIdPattern, 'lower-case letters, digits and dashes'))),
  /** How often the stores table is read for stores added since (ms). */
  STORE_LIST_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  /** A store whose last heartbeat reached central longer ago than this is unreachable (a few missed beats). */
  FLEET_STALE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
});
export type CentralFleetConfig = z.infer<typeof centralFleetConfig>;
