import { z } from 'zod';
import { storeIdPattern } from '@kiosk/contracts';
import { baseConfig } from '@kiosk/kit';

/** central-ingest's environment: the kit's base (STORE_ID is `central`) plus the fleet's store list. */
export const centralIngestConfig = baseConfig.extend({
  /** Stores central ingests besides those of central-admin's stores table (`s1,s2`; may be empty). */
  CENTRAL_STORES: z.string().default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(storeIdPattern, 'lower-case letters, digits and dashes'))),
  /** How often the stores table is read for stores added since (ms). */
  STORE_LIST_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  /** Messages committed per Postgres transaction, at most: a batch is what has arrived, so a quiet store's
   * events commit one or two at a time. 1,000 (the uplink's batch) since each batch's fixed statements and
   * receipt cost as much as hundreds of orders: a 10,000-order backlog at central 7.6 s after link-up against
   * 14.6 s with 256 (same machine, minutes apart). */
  INGEST_BATCH: z.coerce.number().int().min(1).max(1000).default(1000),
  /** The time zone of the report rollups' hour of day (the chain's head office; business days are the stores'). */
  CENTRAL_REPORT_TIME_ZONE: z.string().min(1).default('Asia/Jakarta'),
});
export type CentralIngestConfig = z.infer<typeof centralIngestConfig>;
