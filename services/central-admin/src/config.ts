import { z } from 'zod';
import { storeIdPattern } from '@kiosk/contracts';
import { baseConfig } from '@kiosk/kit';


/** central-admin's environment: the kit's base (STORE_ID is `central`; the hub's NATS_URL) plus sign-in and the fleet. */
export const centralAdminConfig = baseConfig.extend({
  /** Stores listed besides the stores table (`s1,s2`; may be empty): GET /api/stores and the fleet view list both. */
  CENTRAL_STORES: z.string().default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(storeIdPattern, 'lower-case letters, digits and dashes'))),
  /** A store whose last heartbeat is older than this shows as stale. */
  HEARTBEAT_STALE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** A session lasts this long after sign-in (then sign in again). */
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(12 * 3600),
  /** Failed sign-ins per account within the window before it is locked for the rest of the window. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(100).default(5),
  /** Failed sign-ins per client address within the window (guessing across many accounts). */
  LOGIN_MAX_FAILURES_PER_CLIENT: z.coerce.number().int().min(1).max(1000).default(20),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  /** Which proxies' X-Forwarded-For / -Proto to believe (express `trust proxy`): the gateway's network. */
  TRUST_PROXY: z.string().default('loopback, linklocal, uniquelocal'),
  /** The time zone whose today a report defaults to (business days themselves are the stores'). */
  CENTRAL_REPORT_TIME_ZONE: z.string().min(1).default('Asia/Jakarta'),
  /** Prometheus' HTTP API, for the alerts firing per store in GET /api/admin/fleet (optional). */
  PROMETHEUS_URL: z.url().optional(),
});
export type CentralAdminConfig = z.infer<typeof centralAdminConfig>;
