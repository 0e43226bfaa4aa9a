import { z } from 'zod';
import { storeIdPattern } from '@kiosk/contracts';
import { baseConfig } from '@kiosk/kit';

/** central-ingest's environment: the kit's base (STORE_ID is `central`) plus the fleet's store list. */
export const centralIngestConfig = baseConfig.extend({
  /** Every store central ingests (adding a store is adding it here and to the hub's list): `s1,s2`. */
  CENTRAL_STORES: z.string().min(1)
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(storeIdPattern, 'lower-case letters, digits and dashes')).min(1)),
  /** Messages committed per Postgres transaction. */
  INGEST_BATCH: z.coerce.number().int().min(1).max(1000).default(256),
  /** A store whose last heartbeat is older than this shows as stale in GET /api/stores. */
  HEARTBEAT_STALE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
});
export type CentralIngestConfig = z.infer<typeof centralIngestConfig>;
